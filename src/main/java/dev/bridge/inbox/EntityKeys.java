package dev.bridge.inbox;

/**
 * How the inbox names the objects events are about, in one place: the receivers, the link store and the
 * ordering of a pair (a task's key is its pair's key) must agree on every spelling.
 */
public final class EntityKeys {

    private EntityKeys() {
    }

    /** A GHL object, for example ghl:task:&lt;id&gt; or ghl:contact:&lt;id&gt;. */
    public static String ghl(String category, String id) {
        return "ghl:" + category + ":" + id;
    }

    public static String ghlTask(String taskId) {
        return ghl("task", taskId);
    }

    public static String ghlContact(String contactId) {
        return ghl("contact", contactId);
    }

    /** A GitLab object of one project numbered by iid (an issue, a merge request). */
    public static String gitlab(String kind, Object project, Object iid) {
        return "gitlab:" + kind + ":" + project + ":" + iid;
    }

    public static String gitlabIssue(Object project, Object iid) {
        return gitlab("issue", project, iid);
    }
}
