package dev.bridge.webhook;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/** The two webhook receivers; everything they do is in GhlWebhook and GitLabWebhook. */
public class WebhookRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);

    @Override
    public void configure() throws Exception {
        from("platform-http:/webhooks/ghl?httpMethodRestrict=POST&useBodyHandler=true")
                .routeId("webhook-ghl")
                .process("ghlWebhook");
        from("platform-http:/webhooks/gitlab?httpMethodRestrict=POST&useBodyHandler=true")
                .routeId("webhook-gitlab")
                .process("gitlabWebhook");
        String limit = getContext().resolvePropertyPlaceholders("{{bridge.webhook.max-body-bytes}}");
        getContext().addStartupListener(new TooLargeAnswer(limit));
    }

    /**
     * The HTTP server's body handler refuses a body over camel.server.maxBodySize (= bridge.webhook.max-body-bytes)
     * before a receiver sees it, answering plain text and logging "Unhandled exception in router" at ERROR.
     * This gives that 413 the receivers' JSON answer instead, and refuses form and multipart bodies (415) before
     * the body handler reads them.
     */
    private static final class TooLargeAnswer implements StartupListener {

        private final String body;

        TooLargeAnswer(String limit) {
            this.body = WebhookEndpoint.answerBody("rejected", "the body is larger than the limit of " + limit + " bytes");
        }

        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            Set<VertxPlatformHttpRouter> routers = context.getRegistry().findByType(VertxPlatformHttpRouter.class);
            if (routers.isEmpty()) {
                LOG.warn("No HTTP router found: an oversized webhook body is answered 413 without a JSON reason");
            }
            for (VertxPlatformHttpRouter router : routers) {
                if (router.isMainServer()) {
                    // ahead of the body handler, which would parse a form or multipart body into headers and files
                    router.route("/webhooks/*").order(-1).handler(ctx -> {
                        String reason = ContentTypes.refusal(ctx.request().getHeader("Content-Type"));
                        if (reason == null) {
                            ctx.next();
                            return;
                        }
                        LOG.info("Refused a webhook on {} with 415: {}", ctx.normalizedPath(), reason);
                        ctx.request().resume(); // the router paused it; the unread body is dropped so the connection stays usable
                        ctx.response().setStatusCode(415).putHeader("Content-Type", "application/json")
                                .end(WebhookEndpoint.answerBody("rejected", reason));
                    });
                }
                // a route with only a failure handler takes no part in normal routing
                router.route("/webhooks/*").failureHandler(ctx -> {
                    if (ctx.statusCode() == 413 && !ctx.response().ended() && !ctx.response().closed()) {
                        ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(body);
                    } else {
                        ctx.next();
                    }
                });
            }
        }
    }
}
