package dev.bridge.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Step 6, a contact is updated on both sides: a phone changed in HighLevel reaches the contact's GitLab CRM contact
 * (made on first need in GITLAB_GROUP) and the contact block on its issues (flow F6); an e-mail changed on the CRM
 * contact in GitLab, which sends no webhook for it, is found by the bridge's CRM poller and written to HighLevel
 * (flow F7); HighLevel's ContactUpdate for that write only echoes the bridge's change.
 */
final class DemoContactStep extends DemoStep {

    static final String NEW_PHONE = "+18835550142";
    static final String NEW_EMAIL = "rubika.deo@volmax.example";

    private List<CallLog.Call> echoCalls = List.of();

    DemoContactStep(Parts parts) {
        super(parts);
    }

    /** @param issues the contact's GitLab issues whose contact block the story shows */
    void run(List<Long> issues) throws Exception {
        n.heading("Step 6 of 9: a contact is updated on both sides");
        ObjectNode contact = ghl.changeContact("phone", NEW_PHONE);
        n.say(ghl.userName() + " changes the phone of " + ghl.contactName() + " in HighLevel to " + NEW_PHONE + ".");
        n.say("The bridge keeps a GitLab CRM contact (group " + DemoCrm.GROUP_PATH + ") for the contact and its block on the contact's issues current.");
        int mark = n.log().mark();
        n.deliver("HighLevel -> bridge  ContactUpdate (signed with X-GHL-Signature)", () -> webhooks.ghlContact("ContactUpdate", contact));
        n.await("a CRM contact with the new phone and the blocks to show it",
                () -> crmContact() != null && NEW_PHONE.equals(crmContact().path("phone").asText())
                        && issues.stream().allMatch(iid -> gitlab.issue(iid).get("description").asText().contains(NEW_PHONE)),
                () -> "GitLab holds " + gitlab.crmContacts().size() + " CRM contact(s): " + gitlab.crmContacts());
        n.settle(mark);
        show(issues);

        n.out().println();
        ObjectNode crm = crmContact();
        gitlab.editCrmContact(crm.get("id").asText(), "email", NEW_EMAIL);
        n.say(DemoWebhooks.PERSON.get("name").asText() + " changes the CRM contact's e-mail in GitLab to " + NEW_EMAIL + ".");
        n.say("GitLab sends no webhook for CRM contacts: the bridge's CRM poller finds the change (its schedule is off");
        n.say("in the demo, so the demo runs it once now).");
        mark = n.log().mark();
        n.say("poller gitlab-crm-contacts: " + bridge.pollCrmContacts());
        n.await("HighLevel's contact to get the new e-mail", () -> NEW_EMAIL.equals(ghl.contact().path("email").asText()),
                () -> "its e-mail is " + ghl.contact().path("email").asText());
        n.settle(mark);
        n.out().println();
        n.say("HighLevel sends a ContactUpdate for the e-mail the bridge wrote. The CRM contact holds it already: no CRM call.");
        n.say("The contact blocks on the issues still show the old e-mail (F7 writes HighLevel only): they follow now.");
        mark = n.log().mark();
        n.deliver("HighLevel -> bridge  ContactUpdate about the e-mail the bridge just wrote",
                () -> webhooks.ghlContact("ContactUpdate", ghl.contact()));
        n.settle(mark);
        echoCalls = n.log().since(mark);
        show(issues);
    }

    /** The calls the bridge made for HighLevel's ContactUpdate about its own write: contact block edits only. */
    List<CallLog.Call> echoCalls() {
        return echoCalls;
    }

    /** The group's one CRM contact (null before the bridge made it). */
    ObjectNode crmContact() {
        List<ObjectNode> all = gitlab.crmContacts();
        return all.size() == 1 ? all.get(0) : null;
    }

    private void show(List<Long> issues) {
        ObjectNode c = ghl.contact();
        n.out().println("  HighLevel now:   contact " + c.get("name").asText() + ", " + c.get("email").asText() + ", " + c.get("phone").asText());
        ObjectNode crm = crmContact();
        n.out().println("  GitLab now:      CRM contact " + crm.get("firstName").asText() + " " + crm.get("lastName").asText() + ", "
                + crm.get("email").asText() + ", " + crm.get("phone").asText() + " (" + crm.get("id").asText() + ")");
        for (long iid : issues) {
            String block = gitlab.issue(iid).get("description").asText().lines().filter(l -> l.startsWith("**")).findFirst().orElse("(no block)");
            n.out().println("                   issue #" + iid + " contact block: " + block
                    + (gitlab.crmContactsOn(iid).contains(crm.get("id").asText()) ? ", CRM contact set on the issue" : ""));
        }
    }
}
