package dev.bridge.mapping;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which way a mapped field travels. */
public enum Direction {
    /** kept in step both ways */
    BOTH("both"),
    /** HighLevel to GitLab only, when the issue is made and on later changes */
    TO_GITLAB("to-gitlab"),
    /** GitLab to HighLevel only */
    TO_GHL("to-ghl"),
    /** written once, when the issue is made; later changes stay on their side */
    ON_CREATE("on-create");

    private final String word;

    Direction(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public boolean toGitLab() {
        return this == BOTH || this == TO_GITLAB;
    }

    public boolean toGhl() {
        return this == BOTH || this == TO_GHL;
    }

    public boolean onCreate() {
        return this != TO_GHL;
    }

    public static Direction of(String word) {
        for (Direction d : values()) {
            if (d.word.equals(word)) {
                return d;
            }
        }
        return null;
    }

    public static String choices() {
        return Arrays.stream(values()).map(Direction::word).collect(Collectors.joining(", "));
    }
}
