package dk.rehab.adapter.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Mutations of a FHIR JSON document: removed, duplicated and retyped elements, empty and huge values, bad dates, codes,
 * references and escapes, deep nesting, unknown elements; each one named, so a failure says what was done.
 */
final class JsonMutator {
    static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder().maxNestingDepth(100_000).build()).build());

    /** The tree as JSON text, however deep the mutations nested it. */
    static String write(JsonNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?(T.*)?");

    /** A place in the tree: the container and the field name or index of the value. */
    private record Slot(JsonNode parent, String field, int index, String path) {
        JsonNode value() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) parent).remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private JsonMutator() {
    }

    /** Applies one to three mutations to {@code root} in place; returns their names. */
    static List<String> mutate(JsonNode root, Random random) {
        List<String> done = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            List<Slot> slots = new ArrayList<>();
            collect(root, "$", slots, 0);
            if (slots.isEmpty()) {
                break;
            }
            done.add(mutateOne(root, slots, random));
        }
        return done;
    }

    /** The slots down to 60 levels (a mutation that nested deeper is not walked into again). */
    private static void collect(JsonNode node, String path, List<Slot> out, int depth) {
        if (depth > 60) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                out.add(new Slot(node, name, -1, path + "." + name));
                collect(node.get(name), path + "." + name, out, depth + 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(new Slot(node, null, i, path + "[" + i + "]"));
                collect(node.get(i), path + "[" + i + "]", out, depth + 1);
            }
        }
    }

    private static List<Slot> named(List<Slot> slots, String... names) {
        List<Slot> out = new ArrayList<>();
        for (Slot s : slots) {
            for (String name : names) {
                if (name.equals(s.field()) && s.value().isTextual()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static String mutateOne(JsonNode root, List<Slot> slots, Random random) {
        Slot slot = slots.get(random.nextInt(slots.size()));
        int kind = random.nextInt(14);
        switch (kind) {
            case 0 -> {
                slot.remove();
                return "remove " + slot.path();
            }
            case 1 -> {
                if (slot.field() == null) {
                    ((ArrayNode) slot.parent()).insert(slot.index(), slot.value().deepCopy());
                    return "duplicate " + slot.path();
                }
                ArrayNode twice = NODES.arrayNode().add(slot.value().deepCopy()).add(slot.value().deepCopy());
                slot.set(slot.value().isArray() ? concat((ArrayNode) slot.value()) : twice);
                return "duplicate-as-array " + slot.path();
            }
            case 2 -> {
                JsonNode other = retyped(slot.value(), random);
                slot.set(other);
                return "retype " + slot.path() + " to " + other.getNodeType();
            }
            case 3 -> {
                JsonNode empty = Nasty.pick(random, List.<JsonNode>of(new TextNode(""), NODES.objectNode(), NODES.arrayNode(), NODES.nullNode(),
                        new TextNode(" ")));
                slot.set(empty);
                return "empty " + slot.path() + " = " + empty;
            }
            case 4 -> {
                int length = Nasty.pick(random, List.of(1_000, 70_000, 400_000));
                slot.set(new TextNode(Nasty.huge(random, length)));
                return "huge " + slot.path() + " (" + length + " chars)";
            }
            case 5 -> {
                List<Slot> dates = slots.stream().filter(s -> s.value().isTextual() && DATE_LIKE.matcher(s.value().asText()).matches()).toList();
                Slot target = dates.isEmpty() ? slot : dates.get(random.nextInt(dates.size()));
                String date = Nasty.pick(random, Nasty.DATES);
                target.set(new TextNode(date));
                return "bad date " + target.path() + " = " + date;
            }
            case 6 -> {
                List<Slot> codes = named(slots, "code", "system", "value", "url", "status", "intent", "use", "gender", "type", "method");
                Slot target = codes.isEmpty() ? slot : codes.get(random.nextInt(codes.size()));
                String code = Nasty.pick(random, Nasty.CODES);
                target.set(new TextNode(code));
                return "bad code " + target.path() + " = " + abbreviate(code);
            }
            case 7 -> {
                List<Slot> refs = named(slots, "reference", "fullUrl", "url");
                Slot target = refs.isEmpty() ? slot : refs.get(random.nextInt(refs.size()));
                String ref = Nasty.pick(random, Nasty.REFERENCES);
                target.set(new TextNode(ref));
                return "bad reference " + target.path() + " = " + abbreviate(ref);
            }
            case 8 -> {
                List<Slot> texts = slots.stream().filter(s -> s.value().isTextual()).toList();
                Slot target = texts.isEmpty() ? slot : texts.get(random.nextInt(texts.size()));
                String text = Nasty.pick(random, Nasty.TEXTS);
                target.set(new TextNode(random.nextBoolean() ? text : target.value().asText() + text));
                return "escape " + target.path() + " += " + abbreviate(text);
            }
            case 9 -> {
                int depth = Nasty.pick(random, List.of(5, 30, 90, 99, 101, 150, 900));
                JsonNode deep = slot.value().deepCopy();
                for (int d = 0; d < depth; d++) {
                    deep = random.nextBoolean() ? NODES.arrayNode().add(deep) : NODES.objectNode().set("extension", deep);
                }
                slot.set(deep);
                return "nest " + slot.path() + " " + depth + " deep";
            }
            case 10 -> {
                JsonNode container = slot.value().isObject() ? slot.value() : root;
                String name = Nasty.pick(random, List.of("colour", "_birthDate", "resourceType", "id", "meta", "extension", "modifierExtension",
                        "contained", "text", "fhir_comments", ""));
                JsonNode value = Nasty.pick(random, List.<JsonNode>of(new TextNode("blue"), NODES.objectNode().put("id", "x"),
                        NODES.arrayNode().add(NODES.objectNode().put("url", "http://example.org/unknown").put("valueString", "x")),
                        NODES.objectNode().put("resourceType", "Patient"), NODES.numberNode(1)));
                ((ObjectNode) container).set(name, value);
                return "add " + name + "=" + value + " to " + (container == root ? "$" : slot.path());
            }
            case 11 -> {
                List<Slot> types = named(slots, "resourceType");
                Slot target = types.isEmpty() ? slot : types.get(random.nextInt(types.size()));
                String type = Nasty.pick(random, List.of("Patient", "Organization", "Bundle", "Medication", "OperationOutcome", "patient", "",
                        "ServiceRequest", "MessageHeader", "Binary", "Parameters"));
                target.set(new TextNode(type));
                return "resourceType " + target.path() + " = " + type;
            }
            case 12 -> {
                List<Slot> numbers = slots.stream().filter(s -> s.value().isNumber() || s.value().isBoolean()).toList();
                Slot target = numbers.isEmpty() ? slot : numbers.get(random.nextInt(numbers.size()));
                JsonNode number = Nasty.pick(random, List.<JsonNode>of(NODES.numberNode(-1), NODES.numberNode(0), NODES.numberNode(Long.MAX_VALUE),
                        NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.numberNode(3.5), NODES.numberNode(new java.math.BigInteger("9".repeat(40))),
                        new TextNode("7"), NODES.booleanNode(true)));
                target.set(number);
                return "number " + target.path() + " = " + number;
            }
            default -> {
                if (slot.value().isArray() && !slot.value().isEmpty()) {
                    ArrayNode many = NODES.arrayNode();
                    int copies = Nasty.pick(random, List.of(3, 50, 1_200));
                    for (int c = 0; c < copies; c++) {
                        many.add(slot.value().get(0).deepCopy());
                    }
                    slot.set(many);
                    return "repeat " + slot.path() + "[0] " + copies + " times";
                }
                slot.remove();
                return "remove " + slot.path();
            }
        }
    }

    private static ArrayNode concat(ArrayNode array) {
        ArrayNode out = array.deepCopy();
        out.addAll(array.deepCopy());
        return out;
    }

    private static JsonNode retyped(JsonNode value, Random random) {
        List<JsonNode> options = new ArrayList<>(List.of(NODES.numberNode(42), NODES.booleanNode(false), new TextNode("text"),
                NODES.objectNode().put("value", "x"), NODES.arrayNode().add("a").add(1), NODES.nullNode()));
        options.removeIf(o -> o.getNodeType() == value.getNodeType());
        if (value.isObject() || value.isArray()) {
            options.add(new TextNode(value.toString()));
        }
        return options.get(random.nextInt(options.size()));
    }

    static String abbreviate(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> out.append(c < 32 || c == 127 ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return out.toString();
    }
}
