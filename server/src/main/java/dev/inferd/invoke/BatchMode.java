package dev.inferd.invoke;

/** How {@code data} is read: by the main function's arity, or as forced by the {@code "batch"} option. */
public enum BatchMode {
    DETECT,
    FORCE_BATCH,
    FORCE_SINGLE
}
