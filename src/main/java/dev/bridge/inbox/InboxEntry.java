package dev.bridge.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

import java.util.concurrent.TimeUnit;

/**
 * The inbox's door for pollers and schedules: {@code to: direct:inbox} with the event as the body (a map or
 * JSON text) and headers {@code bridgeEventType} (for example ghl.TaskCreate, so the same flow runs),
 * {@code bridgeDedupeKey} (the same change polled twice is stored once), {@code bridgeEntityKey} (for
 * example ghl:task:&lt;id&gt;, so it runs in order with the webhooks of that object) and optionally
 * {@code bridgeSource} (default "poll") and {@code bridgeOrderKey} (the synced pair, when the payload names it, as
 * the webhook receivers derive it). Returns once the event is committed, with header {@code bridgeStored}
 * ACCEPTED or DUPLICATE. A polled change and the webhook for the same change may both be stored: the flows
 * compare with what the link already holds, so the second one has no effect.
 */
public final class InboxEntry extends RouteBuilder implements Processor {

    public static final String URI = "direct:inbox";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void configure() {
        from(URI).routeId("inbox-entry").process(this);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String type = required(in, "bridgeEventType");
        String dedupe = required(in, "bridgeDedupeKey");
        String entity = required(in, "bridgeEntityKey");
        String source = in.getHeader("bridgeSource", "poll", String.class);
        String order = in.getHeader("bridgeOrderKey", String.class);
        Object body = in.getBody();
        String payload = body instanceof String s ? s : JSON.writeValueAsString(body);
        JSON.readTree(payload); // the flows read it as JSON
        InboxWriter writer = exchange.getContext().getRegistry().lookupByNameAndType("inboxWriter", InboxWriter.class);
        InboxWriter.Stored stored = writer.store(new Delivery(source, dedupe, type, entity, order, payload)).get(30, TimeUnit.SECONDS);
        in.setHeader("bridgeStored", stored.name());
    }

    private static String required(Message in, String header) {
        String v = in.getHeader(header, String.class);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("direct:inbox needs the header " + header);
        }
        return v;
    }
}
