package dev.bridge.demo;

/** A step of the demo's story, with the parts every step uses: the narrator, both stand-ins, the webhooks and the views. */
abstract class DemoStep {

    /** The parts of the story the steps share. */
    record Parts(Narrator n, DemoGhl ghl, DemoGitLab gitlab, DemoWebhooks webhooks, DemoView view, DemoBridge bridge) {
    }

    protected final Narrator n;
    protected final DemoGhl ghl;
    protected final DemoGitLab gitlab;
    protected final DemoWebhooks webhooks;
    protected final DemoView view;
    protected final DemoBridge bridge;

    DemoStep(Parts parts) {
        this.n = parts.n();
        this.ghl = parts.ghl();
        this.gitlab = parts.gitlab();
        this.webhooks = parts.webhooks();
        this.view = parts.view();
        this.bridge = parts.bridge();
    }
}
