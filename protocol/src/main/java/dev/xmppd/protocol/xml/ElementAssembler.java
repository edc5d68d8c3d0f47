package dev.xmppd.protocol.xml;

import java.util.Arrays;
import java.util.List;

/**
 * Builds one top-level element straight from parser events (start, text, end). One frame per depth is
 * kept and reused from stanza to stanza, so the only allocations are the immutable results themselves.
 * Adjacent text events (character data split around an entity, a CDATA section, or a chunk boundary) are
 * merged into a single {@link Text}, which makes the tree independent of how the bytes were chunked.
 */
final class ElementAssembler {

    private static final class Frame {
        String name;
        String namespace;
        Attributes attributes;
        /** The children so far, in {@code children[0..count)}; the array is reused. */
        Node[] children = new Node[4];
        int count;
        /** The first pending text run, kept as is when no second run follows (the common case). */
        String text;
        /** Concatenation of pending text runs once there are two or more. */
        final StringBuilder mergedText = new StringBuilder();
        boolean merged;

        void add(Node child) {
            if (count == children.length) {
                children = Arrays.copyOf(children, count * 2);
            }
            children[count++] = child;
        }

        void flushText() {
            if (merged) {
                add(new Text(mergedText.toString()));
                mergedText.setLength(0);
                merged = false;
            } else if (text != null) {
                add(new Text(text));
            }
            text = null;
        }

        /** The children as an immutable list; empties the frame for its next element. */
        List<Node> takeChildren() {
            Node[] nodes = children;
            List<Node> list = switch (count) {
                case 0 -> List.of();
                case 1 -> List.of(nodes[0]);
                case 2 -> List.of(nodes[0], nodes[1]);
                default -> List.of(Arrays.copyOf(nodes, count));
            };
            Arrays.fill(nodes, 0, count, null);
            count = 0;
            return list;
        }
    }

    private Frame[] frames = new Frame[16];
    /** Number of open elements: 0 between top-level elements. */
    private int depth;

    int depth() {
        return depth;
    }

    void start(String name, String namespace, Attributes attributes) {
        if (depth > 0) {
            frames[depth - 1].flushText();
        }
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, depth * 2);
        }
        Frame frame = frames[depth];
        if (frame == null) {
            frame = new Frame();
            frames[depth] = frame;
        }
        frame.name = name;
        frame.namespace = namespace;
        frame.attributes = attributes;
        depth++;
    }

    void text(String value) {
        if (value.isEmpty()) {
            return;
        }
        Frame frame = frames[depth - 1];
        if (frame.merged) {
            frame.mergedText.append(value);
        } else if (frame.text == null) {
            frame.text = value;
        } else {
            frame.mergedText.append(frame.text).append(value);
            frame.merged = true;
        }
    }

    /** Closes the innermost element; returns it when it was the top-level one, otherwise null. */
    Element end() {
        Frame frame = frames[--depth];
        frame.flushText();
        Element element = new Element(frame.name, frame.namespace, frame.attributes, frame.takeChildren());
        frame.attributes = null;
        if (depth == 0) {
            return element;
        }
        frames[depth - 1].add(element);
        return null;
    }

    /** Drops a half-built element (after a failure) so nothing of it stays reachable. */
    void clear() {
        Arrays.fill(frames, null);
        depth = 0;
    }
}
