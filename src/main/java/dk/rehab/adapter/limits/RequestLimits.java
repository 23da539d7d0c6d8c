package dk.rehab.adapter.limits;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.ExtensionPolicy;
import dk.rehab.adapter.fhir.Outcomes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The body limits of {@link LimitsProperties}, in front of the FHIR API and the GGOP endpoint (registered by
 * {@link LimitsConfig}): a body larger than {@code max-body-size} is answered 413 {@code payload-too-large} (by its
 * Content-Length without reading it, or once that many bytes arrived); one nesting deeper than {@code max-depth} 400
 * {@code nesting-too-deep}, measured on the bytes ({@link NestingDepth}) before any parser sees them. The checked body
 * is handed on in memory. Form posts ({@code POST …/_search}) are left to Tomcat, which reads their parameters itself.
 * Every request: a URL with an empty path segment ({@code //}) is 400 {@code invalid-request} (HAPI cannot route it), and
 * a URL or form parameter holding a control character 400 {@code invalid-search-parameter}.
 */
public class RequestLimits extends OncePerRequestFilter {
    private final long maxBody;
    private final int maxDepth;
    private final FhirContext fhir;

    public RequestLimits(LimitsProperties limits, FhirContext fhir) {
        this.maxBody = limits.maxBodySize().toBytes();
        this.maxDepth = limits.maxDepth();
        this.fhir = fhir;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().contains("//")) {
            refuse(response, ErrorCode.INVALID_REQUEST, "the URL has an empty path segment (//)");
            return;
        }
        String method = request.getMethod();
        if (!("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))) {
            if (!controlCharacters(request, response)) {
                chain.doFilter(request, response);
            }
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            refuse(response, ErrorCode.PAYLOAD_TOO_LARGE, "the body has " + declared + " bytes; the adapter takes at most " + maxBody
                    + " (adapter.limits.max-body-size)");
            return;
        }
        String contentType = String.valueOf(request.getContentType());
        if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/")) {
            if (!controlCharacters(request, response)) {
                chain.doFilter(request, response);
            }
            return;
        }
        byte[] body = read(request.getInputStream(), declared);
        if (body == null) {
            refuse(response, ErrorCode.PAYLOAD_TOO_LARGE, "the body has more than " + maxBody + " bytes, the most the adapter takes"
                    + " (adapter.limits.max-body-size)");
            return;
        }
        if (NestingDepth.exceeds(body, body.length, maxDepth)) {
            refuse(response, ErrorCode.NESTING_TOO_DEEP, "the body nests objects, arrays or elements more than " + maxDepth
                    + " deep, the most the adapter takes (adapter.limits.max-depth)");
            return;
        }
        chain.doFilter(new Buffered(request, body), response);
    }

    /**
     * Refuses (true) a URL or form parameter holding a control character (e.g. {@code %00}) with 400
     * {@code invalid-search-parameter}: no FHIR value may hold one, and PostgreSQL refuses U+0000 in a text parameter.
     */
    private boolean controlCharacters(HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (java.util.Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            boolean bad = ExtensionPolicy.hasControlCharacter(parameter.getKey());
            for (String value : parameter.getValue()) {
                bad |= ExtensionPolicy.hasControlCharacter(value);
            }
            if (bad) {
                String name = ExtensionPolicy.hasControlCharacter(parameter.getKey()) ? "(a parameter name)" : parameter.getKey();
                refuse(response, ErrorCode.INVALID_SEARCH_PARAMETER, "the parameter " + name
                        + " holds a control character (such as %00), which no FHIR value may");
                return true;
            }
        }
        return false;
    }

    /** The body, or null when it has more than the limit. */
    private byte[] read(InputStream in, long declared) throws IOException {
        if (declared >= 0) {
            return in.readNBytes((int) declared);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(chunk)) > 0; ) {
            total += n;
            if (total > maxBody) {
                return null;
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private void refuse(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        if (code == ErrorCode.PAYLOAD_TOO_LARGE) {
            response.setHeader("Connection", "close"); // the rest of the body is not read
        }
        Outcomes.write(fhir, response, code, message);
    }

    /** The request with its body read into memory. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null || !Charset.isSupported(encoding) ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }
    }
}
