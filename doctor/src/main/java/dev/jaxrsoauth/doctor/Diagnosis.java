package dev.jaxrsoauth.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What the doctor found: each step in order, and the library's own verdict.
 */
public final class Diagnosis {

    /** How a step ended. */
    public enum Status {
        /** The rule holds. */
        PASS,
        /** The rule is broken: the library refuses the token for it. */
        FAIL,
        /** Not a rule: something worth knowing (the scopes, the key found). */
        INFO,
        /** Not checked: an earlier step failed, or the check was not asked for. */
        SKIP
    }

    /**
     * One step.
     *
     * @param name what was checked: {@code discovery}, {@code jwks}, {@code alg}, {@code aud}, ...
     * @param status how it ended
     * @param detail what was seen (printable text; never the signature)
     * @param hint for a failure, what usually causes it and how to fix it; else {@code null}
     */
    public record Step(String name, Status status, String detail, String hint) {
    }

    private final List<Step> steps = new ArrayList<>();
    private boolean accepted;
    private String verdict = "not validated";

    void add(String name, Status status, String detail, String hint) {
        steps.add(new Step(name, status, Text.printable(detail), hint == null ? null : Text.printable(hint, 2000)));
    }

    void pass(String name, String detail) {
        add(name, Status.PASS, detail, null);
    }

    void fail(String name, String detail, String hint) {
        add(name, Status.FAIL, detail, hint);
    }

    void info(String name, String detail) {
        add(name, Status.INFO, detail, null);
    }

    void skip(String name, String detail) {
        add(name, Status.SKIP, detail, null);
    }

    void verdict(boolean accepted, String verdict) {
        this.accepted = accepted;
        this.verdict = Text.printable(verdict);
    }

    /** @return the steps, in order */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** @return whether {@code JwtValidator} (or the introspection validator) accepts the token */
    public boolean accepted() {
        return accepted;
    }

    /** @return the library's answer: {@code accepted}, or the reason and detail of its refusal */
    public String verdict() {
        return verdict;
    }

    /** @return the step named {@code name}, or {@code null} */
    public Step step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * @param colour whether to use ANSI colours (only on a terminal)
     * @return the report for people: one aligned line per step, hints indented below failures
     */
    public String text(boolean colour) {
        int width = steps.stream().mapToInt(s -> s.name().length()).max().orElse(4);
        StringBuilder out = new StringBuilder();
        for (Step step : steps) {
            String mark = switch (step.status()) {
                case PASS -> paint(colour, "32", "PASS");
                case FAIL -> paint(colour, "31", "FAIL");
                case INFO -> paint(colour, "36", "INFO");
                case SKIP -> paint(colour, "33", "SKIP");
            };
            out.append("  ").append(mark).append("  ").append(pad(step.name(), width)).append("  ").append(step.detail()).append('\n');
            if (step.hint() != null) {
                for (String line : step.hint().split("\n")) {
                    out.append("        ").append(pad("", width)).append("  ").append(paint(colour, "2", "→ " + line)).append('\n');
                }
            }
        }
        out.append('\n').append(accepted ? paint(colour, "32;1", "ACCEPTED") : paint(colour, "31;1", "REFUSED"))
                .append("  ").append(verdict).append('\n');
        return out.toString();
    }

    /** @return the report for scripts: {@code {"accepted": .., "verdict": .., "steps": [{name, status, detail, hint}]}} */
    public String json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("accepted", accepted);
        root.put("verdict", verdict);
        ArrayNode list = root.putArray("steps");
        for (Step step : steps) {
            ObjectNode node = list.addObject();
            node.put("name", step.name());
            node.put("status", step.status().name().toLowerCase(java.util.Locale.ROOT));
            node.put("detail", step.detail());
            if (step.hint() != null) {
                node.put("hint", step.hint());
            }
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String paint(boolean colour, String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
