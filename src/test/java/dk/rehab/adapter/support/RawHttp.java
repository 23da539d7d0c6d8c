package dk.rehab.adapter.support;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests {@link java.net.http.HttpClient} refuses to send: a request target with a
 * bad percent-escape, raw bytes in the URL, headers of any size. One request per connection ({@code Connection: close});
 * the answer as {@link Http.Response}. Sends a municipality token ({@link TestTokens}) unless the headers name an
 * Authorization.
 */
public final class RawHttp {
    private final FhirContext fhir;
    private final int port;

    public RawHttp(FhirContext fhir, int port) {
        this.fhir = fhir;
        this.port = port;
    }

    /**
     * Sends {@code method target} with the headers (name, value …) and body (may be null); a Content-Length among the
     * headers is sent as given (to declare a body larger than the one sent).
     */
    public Http.Response send(String method, String target, byte[] body, String... headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write((method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            boolean accept = false;
            boolean length = false;
            boolean authorization = false;
            for (int i = 0; i < headers.length; i += 2) {
                request.write((headers[i] + ": " + headers[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
                accept |= headers[i].equalsIgnoreCase("Accept");
                length |= headers[i].equalsIgnoreCase("Content-Length");
                authorization |= headers[i].equalsIgnoreCase("Authorization");
            }
            if (!authorization) { // a municipality token, as Http sends, unless the headers name another
                request.write(("Authorization: Bearer " + TestTokens.municipality() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            if (!accept) {
                request.write("Accept: application/fhir+json\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            if (body != null && !length) {
                request.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            request.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                request.write(body);
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it read everything (e.g. 413): read what it said
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Http.Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        while (text.startsWith("HTTP/1.1 1")) { // an interim answer (100 Continue) before the real one
            int skip = text.indexOf("\r\n\r\n") + 4;
            all = java.util.Arrays.copyOfRange(all, skip, all.length);
            text = text.substring(skip);
        }
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.get(0).contains("chunked")) {
            body = unchunk(body);
        }
        return new Http.Response(status, headers, body, fhir);
    }

    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = i;
            while (lineEnd + 1 < body.length && !(body[lineEnd] == '\r' && body[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(body, lineEnd + 2, Math.min(n, body.length - lineEnd - 2));
            i = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }
}
