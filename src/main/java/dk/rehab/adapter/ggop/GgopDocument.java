package dk.rehab.adapter.ggop;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A parsed MedCom GGOP document (OIOXML, namespace {@value #NAMESPACE}) with element access by local name
 * (the GGOP mixes the 1.0.4 and the 1.0.0 namespaces freely) that records which elements were read, so the
 * mapper can keep whatever it did not map instead of dropping it. No DTDs, no external entities.
 */
final class GgopDocument {
    static final String NAMESPACE = "urn:oio:medcom:municipality:1.0.4";
    static final String NAMESPACE_100 = "urn:oio:medcom:municipality:1.0.0";

    /**
     * Namespace-aware, no DTDs, no external entities, secure processing. Built once: looking the factory up
     * ({@code newInstance}) searched the class path on every document and cost more than parsing it.
     */
    private static final DocumentBuilderFactory FACTORY = factory();
    /** A builder per thread ({@link DocumentBuilder} is not thread-safe), reset before each document. */
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(GgopDocument::newBuilder);
    /** Warnings and recoverable errors are ignored (there is no schema); a fatal error ends the parse. */
    private static final org.xml.sax.ErrorHandler FATAL_ONLY = new org.xml.sax.ErrorHandler() {
        @Override
        public void warning(org.xml.sax.SAXParseException e) {
        }

        @Override
        public void error(org.xml.sax.SAXParseException e) {
        }

        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
            throw e;
        }
    };

    private final Element root;
    private final Map<Node, Boolean> read = new IdentityHashMap<>();

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory;
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a required feature", e);
        }
    }

    private static DocumentBuilder newBuilder() {
        try {
            return FACTORY.newDocumentBuilder();
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a required feature", e);
        }
    }

    private GgopDocument(Element root) {
        this.root = root;
    }

    /** Parses the bytes (UTF-8, with or without a byte-order mark); 400 when they are not a GGOP document. */
    static GgopDocument parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new AdapterException(ErrorCode.MALFORMED_BODY, "the body is empty", "/");
        }
        Document document;
        try {
            DocumentBuilder builder = BUILDER.get();
            builder.reset();
            builder.setErrorHandler(FATAL_ONLY);
            int offset = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf ? 3 : 0;
            document = builder.parse(new ByteArrayInputStream(body, offset, body.length - offset));
        } catch (org.xml.sax.SAXParseException e) {
            throw new AdapterException(ErrorCode.MALFORMED_BODY, "the body is not well-formed XML (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + "): " + e.getMessage(), "/");
        } catch (Exception e) {
            throw new AdapterException(ErrorCode.MALFORMED_BODY, "the body is not well-formed XML: " + e.getMessage(), "/");
        }
        Element root = document.getDocumentElement();
        if (!"Emessage".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
            throw new AdapterException(ErrorCode.NOT_A_MESSAGE, "a GGOP document has the root element Emessage in namespace " + NAMESPACE
                    + "; this one is " + root.getLocalName() + " in " + (root.getNamespaceURI() == null ? "no namespace" : root.getNamespaceURI()),
                    "/" + root.getNodeName());
        }
        return new GgopDocument(root);
    }

    Element root() {
        return root;
    }

    /** The first child element of {@code parent} with this local name, or null; marks it read. */
    Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                read.put(e, true);
                return e;
            }
        }
        return null;
    }

    List<Element> children(Element parent, String name) {
        List<Element> list = new ArrayList<>();
        if (parent == null) {
            return list;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                read.put(e, true);
                list.add(e);
            }
        }
        return list;
    }

    /** The trimmed text of a child element, or null when it is absent or empty; marks it read. */
    String text(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) {
            return null;
        }
        markAll(e);
        String text = Texts.WHITESPACE.matcher(e.getTextContent().trim()).replaceAll(" ");
        return text.isEmpty() ? null : text;
    }

    /** Marks an element and everything under it read (the mapper keeps it whole, e.g. as text). */
    void markAll(Element e) {
        read.put(e, true);
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                markAll(c);
            }
        }
    }

    /**
     * Every element with text of its own that the mapper did not read, as {@code path = text}, in document order:
     * what the mapper keeps in the plan's note so that nothing in the document is silently dropped.
     */
    List<String> unread() {
        List<String> unread = new ArrayList<>();
        collect(root, "/Emessage", unread);
        return unread;
    }

    private void collect(Element e, String path, List<String> unread) {
        boolean hasChildElements = false;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                hasChildElements = true;
                collect(c, path + "/" + c.getLocalName(), unread);
            }
        }
        if (!read.containsKey(e) && !hasChildElements) {
            String text = Texts.WHITESPACE.matcher(e.getTextContent().trim()).replaceAll(" ");
            unread.add(path + (text.isEmpty() ? "" : " = " + text));
        }
    }

    /** The path of an element, for error expressions: {@code /Emessage/RehabilitationPlan/Patient}. */
    static String path(Element e) {
        StringBuilder path = new StringBuilder();
        for (Node n = e; n instanceof Element el; n = n.getParentNode()) {
            path.insert(0, "/" + el.getLocalName());
        }
        return path.toString();
    }
}
