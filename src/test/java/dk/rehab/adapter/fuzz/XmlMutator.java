package dk.rehab.adapter.fuzz;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Mutations of a GGOP (OIOXML) document: the XML counterparts of {@link JsonMutator}'s. */
final class XmlMutator {
    private XmlMutator() {
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("the GGOP seed does not parse", e);
        }
    }

    static String write(Document document) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            java.util.regex.Matcher nest = java.util.regex.Pattern.compile("<((?:\\w+:)?)FuzzNest(\\d+)[^>]*/>").matcher(out.toString());
            StringBuilder text = new StringBuilder();
            while (nest.find()) {
                int depth = Integer.parseInt(nest.group(2));
                nest.appendReplacement(text, "");
                text.append("<Nested>".repeat(depth)).append("</Nested>".repeat(depth));
            }
            nest.appendTail(text);
            return text.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives the envelope and letter identifiers fresh values, so the adapter does not answer from its store of answered messages. */
    static void identify(Document document, long unique) {
        NodeList ids = document.getElementsByTagNameNS("*", "Identifier");
        for (int i = 0; i < ids.getLength(); i++) {
            Element id = (Element) ids.item(i);
            if (id.getTextContent().matches("\\d{6,}")) {
                id.setTextContent(String.valueOf(unique * 10 + i));
            }
        }
    }

    /** Applies one to three mutations in place; returns their names. */
    static List<String> mutate(Document document, Random random) {
        List<String> done = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            List<Element> elements = new ArrayList<>();
            collect(document.getDocumentElement(), elements, 0);
            done.add(mutateOne(document, elements, random));
        }
        return done;
    }

    private static void collect(Element element, List<Element> out, int depth) {
        if (depth > 60) {
            return;
        }
        out.add(element);
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                collect(e, out, depth + 1);
            }
        }
    }

    private static boolean leaf(Element e) {
        for (Node child = e.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element) {
                return false;
            }
        }
        return true;
    }

    private static String mutateOne(Document document, List<Element> elements, Random random) {
        Element element = elements.get(random.nextInt(elements.size()));
        List<Element> leaves = elements.stream().filter(XmlMutator::leaf).toList();
        Element leaf = leaves.get(random.nextInt(leaves.size()));
        int kind = random.nextInt(11);
        switch (kind) {
            case 0 -> {
                if (element.getParentNode() instanceof Element parent) {
                    parent.removeChild(element);
                    return "remove " + element.getLocalName();
                }
                element.setTextContent("");
                return "empty root";
            }
            case 1 -> {
                if (element.getParentNode() instanceof Element parent) {
                    parent.insertBefore(element.cloneNode(true), element);
                    return "duplicate " + element.getLocalName();
                }
                return "none";
            }
            case 2 -> {
                Element child = document.createElementNS(element.getNamespaceURI(), "Value");
                child.setTextContent(leaf.getTextContent());
                leaf.setTextContent("");
                leaf.appendChild(child);
                return "retype " + leaf.getLocalName() + " to an element";
            }
            case 3 -> {
                while (element.getFirstChild() != null && !element.getFirstChild().equals(element.getLastChild())) {
                    element.removeChild(element.getFirstChild());
                }
                element.setTextContent(Nasty.pick(random, List.of("", " ", "text")));
                return "text instead of " + element.getLocalName() + "'s children";
            }
            case 4 -> {
                leaf.setTextContent("");
                return "empty " + leaf.getLocalName();
            }
            case 5 -> {
                int length = Nasty.pick(random, List.of(1_000, 70_000, 400_000));
                leaf.setTextContent(Nasty.huge(random, length));
                return "huge " + leaf.getLocalName() + " (" + length + ")";
            }
            case 6 -> {
                List<Element> dates = leaves.stream().filter(e -> e.getLocalName().contains("Date") || e.getLocalName().contains("Time")).toList();
                Element target = dates.isEmpty() ? leaf : dates.get(random.nextInt(dates.size()));
                String date = Nasty.pick(random, List.of("2026-13-45", "2026-02-30", "25:61", "not-a-date", "", "20261203", "2026-12-03T10:00:00",
                        "0000-00-00", "99999-01-01"));
                target.setTextContent(date);
                return "bad date " + target.getLocalName() + " = " + date;
            }
            case 7 -> {
                String value = Nasty.pick(random, random.nextBoolean() ? Nasty.CODES : Nasty.TEXTS);
                leaf.setTextContent(value.replace("\u0000", "").replaceAll("[\\uD800-\\uDFFF]", ""));
                return "bad value " + leaf.getLocalName() + " = " + JsonMutator.abbreviate(value);
            }
            case 8 -> {
                int depth = Nasty.pick(random, List.of(5, 30, 90, 101, 500, 20_000));
                // A placeholder, nested as text by write(): the JDK's serializer recurses per level.
                element.appendChild(document.createElementNS(element.getNamespaceURI(), "FuzzNest" + depth));
                return "nest " + depth + " deep in " + element.getLocalName();
            }
            case 9 -> {
                Element renamed = (Element) document.renameNode(element, Nasty.pick(random, List.of("urn:oio:medcom:municipality:1.0.0",
                        "urn:oio:medcom:municipality:1.0.4", "urn:other", "")), element.getLocalName());
                return "namespace of " + renamed.getLocalName() + " = " + renamed.getNamespaceURI();
            }
            default -> {
                element.setAttribute(Nasty.pick(random, List.of("id", "xmlns:x", "lang", "Value")), Nasty.pick(random, List.of("1", "", "💩", "x".repeat(5000))));
                return "attribute on " + element.getLocalName();
            }
        }
    }
}
