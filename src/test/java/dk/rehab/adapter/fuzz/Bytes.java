package dk.rehab.adapter.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Mutations of a body as bytes: truncation, flipped bytes, broken UTF-8, other encodings, byte-order marks, markup tricks. */
final class Bytes {
    private Bytes() {
    }

    record Mutated(byte[] body, String what) {
    }

    static Mutated mutate(String text, boolean xml, Random random) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(10)) {
            case 0 -> {
                int at = random.nextInt(Math.max(1, utf8.length));
                return new Mutated(java.util.Arrays.copyOf(utf8, at), "truncated at " + at);
            }
            case 1 -> {
                byte[] flipped = utf8.clone();
                int flips = 1 + random.nextInt(5);
                for (int i = 0; i < flips && flipped.length > 0; i++) {
                    flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
                }
                return new Mutated(flipped, flips + " random bytes");
            }
            case 2 -> {
                int at = text.indexOf(xml ? '>' : ':', text.length() / 2);
                at = at < 0 ? text.length() / 2 : at + 2;
                byte[] bad = Nasty.pick(random, List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0,
                        (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {0}));
                return new Mutated(insert(utf8, Math.min(at, utf8.length), bad), "invalid UTF-8 at " + at);
            }
            case 3 -> {
                return new Mutated(text.getBytes(StandardCharsets.UTF_16), "UTF-16 with BOM");
            }
            case 4 -> {
                return new Mutated(text.replace("UTF-8", "ISO-8859-1").replace("ø", "ø").getBytes(StandardCharsets.ISO_8859_1), "ISO-8859-1");
            }
            case 5 -> {
                return new Mutated(insert(utf8, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF}), "two BOMs");
            }
            case 6 -> {
                return new Mutated((text + Nasty.pick(random, List.of("}", "garbage", "<x/>", "\u0000", " {}"))).getBytes(StandardCharsets.UTF_8),
                        "trailing garbage");
            }
            case 7 -> {
                if (xml) {
                    String doctype = Nasty.pick(random, List.of("<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
                            "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;\">]>"));
                    int at = text.startsWith("<?xml") ? text.indexOf("?>") + 2 : 0;
                    return new Mutated((text.substring(0, at) + doctype + text.substring(at).replaceFirst("</", "&xxe;&c;</"))
                            .getBytes(StandardCharsets.UTF_8), "DOCTYPE and entities");
                }
                return new Mutated(text.replaceFirst("\\{", "{\"resourceType\":\"Patient\",\"id\":\"a\",\"id\":\"b\",").getBytes(StandardCharsets.UTF_8),
                        "duplicate keys");
            }
            case 8 -> {
                return new Mutated(new byte[0], "empty body");
            }
            default -> {
                return new Mutated(text.replace("\"", random.nextBoolean() ? "'" : "\\\"").getBytes(StandardCharsets.UTF_8), "quotes replaced");
            }
        }
    }

    private static byte[] insert(byte[] into, int at, byte[] what) {
        byte[] out = new byte[into.length + what.length];
        System.arraycopy(into, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(into, at, out, at + what.length, into.length - at);
        return out;
    }
}
