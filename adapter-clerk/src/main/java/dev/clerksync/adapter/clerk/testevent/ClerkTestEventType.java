package dev.clerksync.adapter.clerk.testevent;

import java.util.Arrays;
import java.util.Optional;

/** The user events a test event can be: the three Clerk sends and clerksync stores. */
public enum ClerkTestEventType {
    USER_CREATED("user.created"),
    USER_UPDATED("user.updated"),
    USER_DELETED("user.deleted");

    private final String eventType;

    ClerkTestEventType(String eventType) {
        this.eventType = eventType;
    }

    /** Clerk's name, the envelope's {@code type}: {@code user.created}. */
    public String eventType() {
        return eventType;
    }

    /** The type Clerk calls {@code name}; empty for any other name. */
    public static Optional<ClerkTestEventType> of(String name) {
        return Arrays.stream(values()).filter(type -> type.eventType.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return eventType;
    }
}
