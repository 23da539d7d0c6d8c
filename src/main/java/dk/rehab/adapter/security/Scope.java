package dk.rehab.adapter.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART system scope: {@code system/ServiceRequest.cr}, {@code system/*.rs} (v2, letters c r u d s in that
 * order), or the v1 forms {@code .read}, {@code .write}, {@code .*}. Patient and user scopes, and v2 scopes with a
 * query, grant nothing here.
 */
public record Scope(String type, boolean create, boolean read, boolean update, boolean delete, boolean search) {
    private static final Pattern SYSTEM = Pattern.compile("system/([A-Z][A-Za-z]*|\\*)\\.(c?r?u?d?s?|read|write|\\*)");

    /** Whether this scope grants {@code permission} (one of c, r, u, d, s) on {@code resourceType}. */
    public boolean grants(String resourceType, char permission) {
        if (!type.equals("*") && !type.equals(resourceType)) {
            return false;
        }
        return switch (permission) {
            case 'c' -> create;
            case 'r' -> read;
            case 'u' -> update;
            case 'd' -> delete;
            case 's' -> search;
            default -> false;
        };
    }

    public static Optional<Scope> parse(String text) {
        Matcher m = SYSTEM.matcher(text);
        if (!m.matches() || m.group(2).isEmpty()) {
            return Optional.empty();
        }
        String type = m.group(1);
        return Optional.of(switch (m.group(2)) {
            case "read" -> new Scope(type, false, true, false, false, true);
            case "write" -> new Scope(type, true, false, true, true, false);
            case "*" -> new Scope(type, true, true, true, true, true);
            default -> {
                String p = m.group(2);
                yield new Scope(type, p.indexOf('c') >= 0, p.indexOf('r') >= 0, p.indexOf('u') >= 0, p.indexOf('d') >= 0, p.indexOf('s') >= 0);
            }
        });
    }

    /** The system scopes among {@code scopes} (space-separated), others ignored. */
    public static List<Scope> parseAll(String scopes) {
        List<Scope> parsed = new ArrayList<>();
        if (scopes != null) {
            for (String s : scopes.trim().split("\\s+")) {
                parse(s).ifPresent(parsed::add);
            }
        }
        return List.copyOf(parsed);
    }
}
