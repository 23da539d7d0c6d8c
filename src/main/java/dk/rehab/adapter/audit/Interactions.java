package dk.rehab.adapter.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;

/** The restful-interaction code and action (C R U D E) of a request, from HAPI's operation or from method and path. */
final class Interactions {
    private Interactions() {
    }

    record Interaction(String subtype, char action) {
    }

    static Interaction of(RestOperationTypeEnum operation) {
        return switch (operation) {
            case READ -> new Interaction("read", 'R');
            case VREAD -> new Interaction("vread", 'R');
            case HISTORY_INSTANCE -> new Interaction("history-instance", 'R');
            case HISTORY_TYPE -> new Interaction("history-type", 'R');
            case HISTORY_SYSTEM -> new Interaction("history-system", 'R');
            case SEARCH_TYPE, GET_PAGE -> new Interaction("search-type", 'E');
            case SEARCH_SYSTEM -> new Interaction("search-system", 'E');
            case CREATE -> new Interaction("create", 'C');
            case UPDATE -> new Interaction("update", 'U');
            case PATCH -> new Interaction("patch", 'U');
            case DELETE -> new Interaction("delete", 'D');
            case TRANSACTION -> new Interaction("transaction", 'E');
            case BATCH -> new Interaction("batch", 'E');
            case METADATA -> new Interaction("capabilities", 'R');
            default -> new Interaction("operation", 'E'); // extended operations, $validate, $process-message
        };
    }

    /**
     * A request the FHIR server did not get to interpret (refused by the security filters, or unknown to HAPI): the
     * interaction its method and path name. {@code path} is below the servlet, e.g. {@code /fhir/Patient/1}.
     */
    static Interaction guess(String method, String path) {
        if (path.startsWith("/medcom/")) {
            return new Interaction("create", 'C');
        }
        String below = path.startsWith("/fhir") ? path.substring(5) : path;
        String[] parts = below.replaceFirst("^/", "").split("/");
        boolean operation = below.contains("/$");
        int segments = below.isEmpty() || below.equals("/") ? 0 : parts.length;
        if (operation) {
            return new Interaction("operation", 'E');
        }
        return switch (method) {
            case "GET", "HEAD" -> segments >= 4 ? new Interaction("vread", 'R')
                    : segments == 3 ? new Interaction("history-instance", 'R')
                    : segments == 2 && parts[1].equals("_history") ? new Interaction("history-type", 'R')
                    : segments == 2 ? new Interaction("read", 'R')
                    : segments == 1 ? new Interaction("search-type", 'E') : new Interaction("search-system", 'E');
            case "POST" -> segments == 0 ? new Interaction("transaction", 'E')
                    : segments == 2 && parts[1].equals("_search") ? new Interaction("search-type", 'E') : new Interaction("create", 'C');
            case "PUT" -> new Interaction("update", 'U');
            case "PATCH" -> new Interaction("patch", 'U');
            case "DELETE" -> new Interaction("delete", 'D');
            default -> new Interaction("operation", 'E');
        };
    }

    /** The resource type the path names (below /fhir), or null. */
    static String type(String path) {
        if (!path.startsWith("/fhir/")) {
            return null;
        }
        String rest = path.substring(6);
        int slash = rest.indexOf('/');
        String type = slash < 0 ? rest : rest.substring(0, slash);
        return !type.isEmpty() && Character.isUpperCase(type.charAt(0)) ? type : null;
    }
}
