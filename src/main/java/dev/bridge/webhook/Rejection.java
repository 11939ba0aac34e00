package dev.bridge.webhook;

/** A delivery refused with an HTTP status and a reason the sender can read. */
public class Rejection extends Exception {

    private final int status;

    public Rejection(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
