package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small stateful HTTP server on 127.0.0.1 that answers like one of the real APIs, for the calls the flows make.
 * Requests are handled one at a time (the state is simple maps); every call goes to the {@link CallLog}, and
 * anything the stand-in does not know is answered 404 with a JSON message.
 */
abstract class StandIn implements AutoCloseable {

    /** What a handler got: method, raw path (segments still encoded), decoded query, JSON body (or null). */
    record Request(String method, String path, Map<String, String> query, JsonNode body) {
    }

    record Answer(int status, JsonNode body, String problem) {

        static Answer ok(int status, JsonNode body) {
            return new Answer(status, body, null);
        }
    }

    /** Thrown by handlers for a request the real API would refuse; becomes the answer. */
    static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final String side;
    private final CallLog log;
    /** Requests to /_demo/… are the demo's own (a person acting in the UI), not API calls; see DemoActions. */
    private volatile DemoActions actions;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "demo-stand-in");
        t.setDaemon(true);
        return t;
    });

    StandIn(String side, CallLog log) throws IOException {
        this.side = side;
        this.log = log;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    void actions(DemoActions actions) {
        this.actions = actions;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The reason a request's credentials are wrong, or null when they are right. */
    protected abstract String authProblem(Headers headers);

    /** Whether a call carries its credential in its body (checked by its handler), not in the headers. */
    protected boolean open(String method, String path) {
        return false;
    }

    /** The answer to a request, or null when the real API has no such call (then 404). */
    protected abstract Answer answer(Request request) throws Refusal;

    /** What the log shows after the path, for calls whose path does not say what they do (GraphQL); null: nothing. */
    protected String detail(String method, String path, JsonNode body) {
        return null;
    }

    /** The error body the real API sends with a status. */
    protected abstract JsonNode error(int status, String message);

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        if (path.startsWith("/_demo/") && actions != null) {
            send(exchange, actions.handle(this, method, path, bytes));
            return;
        }
        Answer answer;
        String detail = null;
        try {
            String auth = open(method, path) ? null : authProblem(exchange.getRequestHeaders());
            if (auth != null) {
                answer = new Answer(401, error(401, auth), auth);
            } else {
                JsonNode body = bytes.length == 0 ? null : Templates.JSON.readTree(bytes);
                detail = detail(method, path, body);
                synchronized (this) {
                    answer = answer(new Request(method, path, query(query), body));
                }
                if (answer == null) {
                    String problem = "the " + side + " stand-in has no " + method + " " + path;
                    answer = new Answer(404, error(404, problem), problem);
                }
            }
        } catch (Refusal r) {
            answer = new Answer(r.status, error(r.status, r.getMessage()), r.getMessage());
        } catch (IOException | RuntimeException e) {
            answer = new Answer(400, error(400, "the body is not what the API takes: " + e.getMessage()), e.getMessage());
        }
        String shown = (query == null ? path : path + "?" + query) + (detail == null ? "" : " " + detail);
        log.add(new CallLog.Call(side, method, shown, answer.status(), answer.problem()));
        send(exchange, answer);
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] out = Templates.JSON.writeValueAsBytes(answer.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                q.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return q;
    }

    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static ObjectNode object() {
        return Templates.JSON.createObjectNode();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
