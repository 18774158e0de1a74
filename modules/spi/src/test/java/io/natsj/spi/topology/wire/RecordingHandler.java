package io.natsj.spi.topology.wire;

import io.natsj.spi.topology.MessageSlice;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@link WireHandler} that writes each call down as a line of text, for decoder tests. */
final class RecordingHandler implements WireHandler {

    final List<String> calls = new ArrayList<>();
    boolean closing;

    @Override
    public void active() {
        calls.add("active");
    }

    @Override
    public boolean admit(WireOp op) {
        return true;
    }

    @Override
    public void onInfo(ByteBuf json) {
        calls.add("INFO " + json.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void onConnect(ByteBuf json) {
        calls.add("CONNECT " + json.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void onPing() {
        calls.add("PING");
    }

    @Override
    public void onPong() {
        calls.add("PONG");
    }

    @Override
    public void onErr(String text) {
        calls.add("ERR " + text);
    }

    @Override
    public void onInterest(String account, String subject, String queue, int weight) {
        calls.add("interest " + account + " " + subject + (queue == null ? "" : " " + queue + " " + weight));
    }

    @Override
    public void onNoInterest(String account, String subject, String queue) {
        calls.add("noInterest " + account + " " + subject + (queue == null ? "" : " " + queue));
    }

    @Override
    public void onMessage(ByteBuf buf, int accountAt, int accountLength, MessageSlice m, WireQueueNames queues) {
        StringBuilder sb = new StringBuilder("msg ");
        sb.append(buf.toString(accountAt, accountLength, StandardCharsets.UTF_8)).append(' ');
        sb.append(buf.toString(m.subjectOffset(), m.subjectLength(), StandardCharsets.UTF_8));
        if (m.replyLength() > 0) {
            sb.append(" reply=").append(buf.toString(m.replyOffset(), m.replyLength(), StandardCharsets.UTF_8));
        }
        for (int i = 0; i < queues.size(); i++) {
            sb.append(" q=").append(new String(queues.get(i), StandardCharsets.UTF_8));
        }
        sb.append(" hdr=").append(m.headerLength());
        sb.append(" body=").append(buf.toString(m.bodyOffset(), m.bodyLength(), StandardCharsets.UTF_8));
        calls.add(sb.toString());
    }

    @Override
    public void endOfReadBatch() {
        calls.add("batch");
    }

    @Override
    public void protocolError(String error, String reason) {
        calls.add(error == null ? "close" : "error " + error);
        closing = true;
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void inactive() {
        calls.add("inactive");
    }
}
