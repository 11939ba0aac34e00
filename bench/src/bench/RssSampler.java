package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the bridge's VmRSS every 200 ms and keeps the highest; reads its CPU time. */
final class RssSampler extends Thread {
    final AtomicLong peakKb = new AtomicLong();
    private final long pid;
    private volatile boolean running = true;

    RssSampler(long pid) {
        super("rss-sampler");
        this.pid = pid;
        setDaemon(true);
    }

    @Override
    public void run() {
        while (running) {
            peakKb.accumulateAndGet(read(pid, "VmRSS:"), Math::max);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stopSampling() {
        running = false;
        peakKb.accumulateAndGet(read(pid, "VmRSS:"), Math::max);
    }

    /** utime + stime of the process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** A "Vm...:  123 kB" line of /proc/<pid>/status, in kB; 0 when the process is gone. */
    static long read(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (Exception e) {
            // the bridge has exited
        }
        return 0;
    }
}
