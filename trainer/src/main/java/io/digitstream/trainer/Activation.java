package io.digitstream.trainer;

/** What a run written into a model store does to its pointer ({@code active.json}). */
public enum Activation {

    /** Champion when the store has no pointer yet, otherwise challenger. */
    AUTO,

    /** The new version serves; the old champion is kept as the previous one, for rollback. */
    CHAMPION,

    /** The new version runs beside the champion (replacing any challenger); promote it when it has proven itself. */
    CHALLENGER,

    /** The pointer is left alone; the version waits in the store until it is promoted or challenges. */
    NONE
}
