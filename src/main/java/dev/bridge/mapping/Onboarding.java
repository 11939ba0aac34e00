package dev.bridge.mapping;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The mapping file's {@code onboarding} section: F9: the tasks a new contact gets in HighLevel, when it is created
 * and/or when one of some tags is added to it. Each template task is made once per contact; it is known by its
 * number (its place in the list, from 1), so new tasks go at the end.
 */
public final class Onboarding {

    /** The assignee that means the contact's owner ({@code assignedTo}); a contact without one gets an unassigned task. */
    public static final String CONTACT_OWNER = "contact-owner";
    /** The assignee that means nobody. */
    public static final String NOBODY = "none";

    private static final Onboarding NONE = new Onboarding(false, Set.of(), List.of());

    /**
     * One template task.
     *
     * @param number   its place in the list, from 1: part of the once-key, so a task is made once per contact
     * @param assignee {@link #CONTACT_OWNER}, {@link #NOBODY} or a HighLevel user id
     */
    public record Task(int number, Template title, Template body, Duration due, String assignee) {
    }

    private final boolean contactCreated;
    private final Set<String> tagsAdded;
    private final List<Task> tasks;

    Onboarding(boolean contactCreated, Set<String> tagsAdded, List<Task> tasks) {
        this.contactCreated = contactCreated;
        this.tagsAdded = Set.copyOf(tagsAdded);
        this.tasks = List.copyOf(tasks);
    }

    /** The section as none were written: nobody is onboarded. */
    public static Onboarding none() {
        return NONE;
    }

    /** A new contact is onboarded. */
    public boolean onContactCreated() {
        return contactCreated && !tasks.isEmpty();
    }

    /** The tags (lower case) whose adding onboards a contact; empty when no tag does. */
    public Set<String> tagsAdded() {
        return tasks.isEmpty() ? Set.of() : tagsAdded;
    }

    public List<Task> tasks() {
        return tasks;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static Onboarding read(Object section, Entries in) {
        return section == null ? NONE : OnboardingReader.read(in.map(section, "onboarding"), in);
    }
}
