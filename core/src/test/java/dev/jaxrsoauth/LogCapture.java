package dev.jaxrsoauth;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures everything this library logs (System.Logger goes to java.util.logging by default), at every level. */
final class LogCapture extends Handler implements AutoCloseable {

    private static final Logger ROOT = Logger.getLogger("dev.jaxrsoauth");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Level previous;

    LogCapture() {
        previous = ROOT.getLevel();
        ROOT.setLevel(Level.ALL);
        setLevel(Level.ALL);
        ROOT.addHandler(this);
    }

    /** @return each record as it would be printed: level, formatted message and the thrown exception's text */
    List<String> lines() {
        return records.stream().map(r -> r.getLevel() + " " + format(r)
                + (r.getThrown() == null ? "" : " " + r.getThrown())).toList();
    }

    private static String format(LogRecord r) {
        return r.getParameters() == null ? r.getMessage() : MessageFormat.format(r.getMessage(), r.getParameters());
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        ROOT.removeHandler(this);
        ROOT.setLevel(previous);
    }
}
