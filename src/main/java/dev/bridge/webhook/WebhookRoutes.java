package dev.bridge.webhook;

import org.apache.camel.builder.RouteBuilder;

/** The two webhook receivers; everything they do is in GhlWebhook and GitLabWebhook. */
public class WebhookRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/webhooks/ghl?httpMethodRestrict=POST&useBodyHandler=true")
                .routeId("webhook-ghl")
                .process("ghlWebhook");
        from("platform-http:/webhooks/gitlab?httpMethodRestrict=POST&useBodyHandler=true")
                .routeId("webhook-gitlab")
                .process("gitlabWebhook");
    }
}
