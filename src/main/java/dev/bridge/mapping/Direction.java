package dev.bridge.mapping;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which way later changes of a mapped field travel. Every mapped field is written when the issue is made. */
public enum Direction {
    /** later changes travel both ways */
    BOTH("both"),
    /** later changes travel from HighLevel to GitLab only */
    TO_GITLAB("to-gitlab"),
    /** later changes travel from GitLab to HighLevel only */
    TO_GHL("to-ghl"),
    /** later changes stay on their side */
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
