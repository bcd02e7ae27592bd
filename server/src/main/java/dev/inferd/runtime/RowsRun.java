package dev.inferd.runtime;

import java.util.List;
import java.util.Objects;

/** What one call of a main function that takes whole batches gave for the rows it was given. */
public sealed interface RowsRun {

    /**
     * It returned: one outcome per row, in order. A row that could not be given to the function (an
     * argument of the wrong type, found before the call) has its failure, and a row whose result
     * cannot be written as JSON has its own.
     */
    record Ran(List<Outcome> outcomes) implements RowsRun {
        public Ran {
            Objects.requireNonNull(outcomes, "outcomes");
        }
    }

    /** It raised. Which rows were to blame is not known: {@link RowBisection} finds out. */
    record Raised(String message) implements RowsRun {
        public Raised {
            Objects.requireNonNull(message, "message");
        }
    }
}
