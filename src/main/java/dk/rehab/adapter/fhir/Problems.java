package dk.rehab.adapter.fhir;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem a rule finds, so a client learns all that is wrong at once. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    public Problems add(ErrorCode code, String message, String expression) {
        list.add(new Problem(code, message, expression));
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(list);
    }

    /** Throws an {@link AdapterException} with every collected problem, if there is any. */
    public void throwIfAny() {
        if (!list.isEmpty()) {
            list.sort((a, b) -> Integer.compare(a.code().httpStatus() == 400 ? 0 : 1, b.code().httpStatus() == 400 ? 0 : 1));
            throw new AdapterException(list);
        }
    }
}
