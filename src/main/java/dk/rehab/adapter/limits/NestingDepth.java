package dk.rehab.adapter.limits;

/**
 * How deep a body nests, measured on the bytes without parsing them (so a parser never recurses into a document
 * deeper than the limit): JSON objects and arrays outside strings, or XML elements (comments, CDATA sections,
 * processing instructions and quoted attribute values skipped). Anything else (not JSON, not XML) is depth 0: the
 * parser refuses it.
 */
final class NestingDepth {
    private NestingDepth() {
    }

    /** True when the body nests deeper than {@code max}. */
    static boolean exceeds(byte[] body, int length, int max) {
        if (length >= 2 && ((body[0] & 0xff) == 0xFE && (body[1] & 0xff) == 0xFF || (body[0] & 0xff) == 0xFF && (body[1] & 0xff) == 0xFE)
                || length >= 4 && (body[0] == 0 || body[1] == 0)) {
            // UTF-16 (or UTF-32): measured on its characters re-encoded as UTF-8.
            java.nio.charset.Charset wide = body[0] == 0 && body[1] == 0 || length >= 4 && body[2] == 0 && body[3] == 0
                    ? java.nio.charset.Charset.forName("UTF-32") : java.nio.charset.StandardCharsets.UTF_16;
            byte[] utf8 = new String(body, 0, length, wide).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return exceeds(utf8, utf8.length, max, 0);
        }
        return exceeds(body, length, max, 0);
    }

    private static boolean exceeds(byte[] body, int length, int max, int from) {
        int start = from;
        while (start < length) {
            if (start + 2 < length && (body[start] & 0xff) == 0xEF && (body[start + 1] & 0xff) == 0xBB && (body[start + 2] & 0xff) == 0xBF) {
                start += 3;
            } else if (body[start] == ' ' || body[start] == '\n' || body[start] == '\r' || body[start] == '\t') {
                start++;
            } else {
                break;
            }
        }
        if (start >= length) {
            return false;
        }
        byte first = body[start];
        if (first == '{' || first == '[') {
            return json(body, start, length, max);
        }
        return first == '<' && xml(body, start, length, max);
    }

    private static boolean json(byte[] b, int from, int length, int max) {
        int depth = 0;
        boolean string = false;
        for (int i = from; i < length; i++) {
            byte c = b[i];
            if (string) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    string = false;
                }
            } else if (c == '"') {
                string = true;
            } else if (c == '{' || c == '[') {
                if (++depth > max) {
                    return true;
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return false;
    }

    private static boolean xml(byte[] b, int from, int length, int max) {
        int depth = 0;
        int i = from;
        while (i < length) {
            if (b[i] != '<') {
                i++;
                continue;
            }
            if (starts(b, i, length, "<!--")) {
                i = after(b, i + 4, length, "-->");
            } else if (starts(b, i, length, "<![CDATA[")) {
                i = after(b, i + 9, length, "]]>");
            } else if (starts(b, i, length, "<?") || starts(b, i, length, "<!")) {
                i = after(b, i + 2, length, ">");
            } else if (i + 1 < length && b[i + 1] == '/') {
                depth--;
                i = after(b, i + 2, length, ">");
            } else {
                int end = tagEnd(b, i + 1, length);
                boolean selfClosing = end < length && end > 0 && b[end - 1] == '/';
                if (!selfClosing && ++depth > max) {
                    return true;
                }
                i = end + 1;
            }
        }
        return false;
    }

    /** The index of the '>' that ends a start tag, skipping quoted attribute values; length when there is none. */
    private static int tagEnd(byte[] b, int from, int length) {
        byte quote = 0;
        for (int i = from; i < length; i++) {
            byte c = b[i];
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return length;
    }

    private static boolean starts(byte[] b, int at, int length, String prefix) {
        if (at + prefix.length() > length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (b[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int after(byte[] b, int from, int length, String end) {
        for (int i = from; i <= length - end.length(); i++) {
            if (starts(b, i, length, end)) {
                return i + end.length();
            }
        }
        return length;
    }
}
