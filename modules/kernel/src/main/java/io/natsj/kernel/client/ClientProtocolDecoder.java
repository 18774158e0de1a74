package io.natsj.kernel.client;

import io.natsj.kernel.log.Log;
import io.natsj.kernel.protocol.ProtocolErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * The client protocol decoder: an explicit two-state machine (a control line, then for
 * PUB/HPUB a body of known size) reading operations straight out of Netty's buffers and
 * calling the {@link ClientConnection}. A message is never copied on its way in: its subject,
 * reply and body are positions in the read buffer. Bytes of an operation split across reads
 * are kept in one cumulation buffer, sized for the whole body once its size is known.
 *
 * <p>When the bytes of one socket read are decoded, every connection they were delivered to is
 * flushed once.
 */
public final class ClientProtocolDecoder extends ChannelInboundHandlerAdapter {

    private enum State { CONTROL_LINE, BODY }

    private static final int MAX_TOKENS = 6;

    private final ClientConnection connection;
    private final int maxControlLine;
    private final int maxPayload;
    private final InboundMessage message = new InboundMessage();
    private final int[] tokenStart = new int[MAX_TOKENS];
    private final int[] tokenEnd = new int[MAX_TOKENS];

    private State state = State.CONTROL_LINE;
    private ByteBuf cumulation;
    private int required;
    // The PUB/HPUB being read, as offsets from the start of its control line.
    private int subjectOffset;
    private int subjectLength;
    private int replyOffset;
    private int replyLength;
    private int headerLength;
    private int bodyOffset;
    private int bodyLength;

    /** @param connection the connection whose bytes this decodes */
    public ClientProtocolDecoder(ClientConnection connection) {
        this.connection = connection;
        this.maxControlLine = connection.limits().maxControlLine();
        this.maxPayload = connection.limits().maxPayload();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        ByteBuf data = cumulation == null ? in : cumulate(ctx.alloc(), cumulation, in);
        cumulation = null;
        connection.onActivity();
        try {
            decode(data);
            // One socket read is one batch, as in nats-server's read loop: flushing here rather
            // than after Netty's whole read loop keeps subscribers' pending bytes small.
            connection.endOfReadBatch();
        } finally {
            if (data.isReadable() && !connection.isClosing()) {
                cumulation = data;
            } else {
                data.release();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        connection.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Log.debug(connection.label() + " - Client connection error: " + cause);
        connection.close("Read Error");
    }

    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cum, ByteBuf in) {
        int readable = cum.readableBytes() + in.readableBytes();
        if (cum.refCnt() == 1 && cum.maxWritableBytes() >= in.readableBytes()
                && cum.writableBytes() >= in.readableBytes()) {
            cum.writeBytes(in);
            in.release();
            return cum;
        }
        ByteBuf merged = alloc.directBuffer(Math.max(readable, required));
        merged.writeBytes(cum).writeBytes(in);
        cum.release();
        in.release();
        return merged;
    }

    private void decode(ByteBuf data) {
        while (data.isReadable() && !connection.isClosing()) {
            boolean progressed = state == State.CONTROL_LINE ? readControlLine(data) : readBody(data);
            if (!progressed) {
                return;
            }
        }
    }

    private boolean readControlLine(ByteBuf data) {
        int start = data.readerIndex();
        int lf = data.indexOf(start, data.writerIndex(), (byte) '\n');
        if (lf < 0) {
            int partialEnd = data.writerIndex();
            if (data.readableBytes() > maxControlLine && argumentBytes(data, start, partialEnd) > maxControlLine) {
                connection.closeWithError(ProtocolErrors.MAX_CONTROL_LINE, "Maximum Control Line Exceeded");
            }
            return false;
        }
        int end = lf > start && data.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        if (end - start > maxControlLine && argumentBytes(data, start, end) > maxControlLine) {
            connection.closeWithError(ProtocolErrors.MAX_CONTROL_LINE, "Maximum Control Line Exceeded");
            return false;
        }
        int tokens = tokenize(data, start, end);
        if (tokens == 0) {
            connection.closeWithError(ProtocolErrors.UNKNOWN_PROTOCOL, "Protocol Violation");
            return false;
        }
        Operation op = Operation.of(data, tokenStart[0], tokenEnd[0] - tokenStart[0]);
        if (Log.isTrace()) {
            ProtocolTrace.in(connection, data, start, end);
        }
        data.readerIndex(lf + 1);
        if (op != Operation.CONNECT && connection.mustConnectFirst()) {
            connection.closeWithError(ProtocolErrors.AUTHORIZATION_VIOLATION, "Authorization Violation");
            return false;
        }
        switch (op) {
            case PUB -> {
                return startPub(data, start, lf, tokens, false);
            }
            case HPUB -> {
                return startPub(data, start, lf, tokens, true);
            }
            case SUB -> sub(data, tokens);
            case UNSUB -> unsub(data, tokens);
            case PING -> connection.onPing();
            case PONG -> connection.onPong();
            case CONNECT -> {
                int json = skipBlanks(data, tokenEnd[0], end);
                connection.onConnect(data.slice(json, end - json));
            }
            case INFO, OK -> { }
            case ERR -> {
                if (tokens == 1) {
                    connection.closeWithError(ProtocolErrors.UNKNOWN_PROTOCOL, "Protocol Violation");
                } else {
                    connection.close("Client Sent -ERR");
                }
            }
            case UNKNOWN -> connection.closeWithError(ProtocolErrors.UNKNOWN_PROTOCOL, "Protocol Violation");
        }
        return true;
    }

    private boolean startPub(ByteBuf data, int start, int lf, int tokens, boolean withHeaders) {
        if (tokens == 1) {
            connection.closeWithError(ProtocolErrors.UNKNOWN_PROTOCOL, "Protocol Violation");
            return false;
        }
        int sizes = withHeaders ? 2 : 1;
        if (tokens != 2 + sizes && tokens != 3 + sizes) {
            connection.close("Protocol Violation: bad PUB arguments");
            return false;
        }
        if (withHeaders && !connection.options().headers) {
            connection.close("Protocol Violation: headers not enabled");
            return false;
        }
        long total = parseSize(data, tokens - 1);
        long headers = withHeaders ? parseSize(data, tokens - 2) : -1;
        if (total < 0 || (withHeaders && (headers < 0 || headers > total))) {
            connection.close("Protocol Violation: bad PUB size");
            return false;
        }
        if (total > maxPayload) {
            connection.closeWithError(ProtocolErrors.MAX_PAYLOAD, "Maximum Payload Exceeded");
            return false;
        }
        subjectOffset = tokenStart[1] - start;
        subjectLength = tokenEnd[1] - tokenStart[1];
        boolean hasReply = tokens == 3 + sizes;
        replyOffset = hasReply ? tokenStart[2] - start : 0;
        replyLength = hasReply ? tokenEnd[2] - tokenStart[2] : 0;
        headerLength = (int) headers;
        bodyOffset = lf + 1 - start;
        bodyLength = (int) total;
        data.readerIndex(start); // the whole operation stays until its body is complete
        state = State.BODY;
        return true;
    }

    private boolean readBody(ByteBuf data) {
        int start = data.readerIndex();
        int need = bodyOffset + bodyLength + 2;
        if (data.readableBytes() < need) {
            required = need;
            return false;
        }
        int crlf = start + bodyOffset + bodyLength;
        if (data.getByte(crlf) != '\r' || data.getByte(crlf + 1) != '\n') {
            connection.closeWithError(ProtocolErrors.UNKNOWN_PROTOCOL, "Protocol Violation");
            return false;
        }
        message.set(data, start + subjectOffset, subjectLength, start + replyOffset, replyLength,
                headerLength, start + bodyOffset, bodyLength);
        data.readerIndex(start + need);
        state = State.CONTROL_LINE;
        required = 0;
        if (Log.isTrace()) {
            ProtocolTrace.payload(connection, message);
        }
        connection.onPub(message);
        return true;
    }

    private void sub(ByteBuf data, int tokens) {
        if (tokens == 1) {
            connection.closeWithError(ProtocolErrors.UNKNOWN_PROTOCOL, "Protocol Violation");
            return;
        }
        if (tokens != 3 && tokens != 4) {
            connection.close("Protocol Violation: bad SUB arguments");
            return;
        }
        String subject = token(data, 1);
        String queue = tokens == 4 ? token(data, 2) : null;
        connection.onSub(subject, queue, token(data, tokens - 1));
    }

    private void unsub(ByteBuf data, int tokens) {
        if (tokens < 2) {
            connection.closeWithError(ProtocolErrors.UNKNOWN_PROTOCOL, "Protocol Violation");
            return;
        }
        if (tokens > 3) {
            connection.close("Protocol Violation: bad UNSUB arguments");
            return;
        }
        long max = tokens == 3 ? parseSize(data, 2) : 0;
        connection.onUnsub(token(data, 1), max);
    }

    /** Splits on spaces and tabs; returns the token count (counting past the array's end). */
    private int tokenize(ByteBuf data, int from, int to) {
        int count = 0;
        int i = from;
        while (i < to) {
            byte b = data.getByte(i);
            if (b == ' ' || b == '\t') {
                i++;
                continue;
            }
            int s = i;
            while (i < to && (b = data.getByte(i)) != ' ' && b != '\t') {
                i++;
            }
            if (count < MAX_TOKENS) {
                tokenStart[count] = s;
                tokenEnd[count] = i;
            }
            count++;
        }
        return count;
    }

    /**
     * The length nats-server holds against max_control_line: the arguments after the operation
     * name, without a trailing CR.
     */
    private static int argumentBytes(ByteBuf data, int start, int end) {
        if (end > start && data.getByte(end - 1) == '\r') {
            end--;
        }
        int i = skipBlanks(data, start, end);
        while (i < end && data.getByte(i) != ' ' && data.getByte(i) != '\t') {
            i++;
        }
        // No argument yet: the operation name itself is what grows (and must be bounded).
        return i == end ? end - start : end - skipBlanks(data, i, end);
    }

    private static int skipBlanks(ByteBuf data, int from, int to) {
        while (from < to && (data.getByte(from) == ' ' || data.getByte(from) == '\t')) {
            from++;
        }
        return from;
    }

    private String token(ByteBuf data, int i) {
        return data.toString(tokenStart[i], tokenEnd[i] - tokenStart[i], StandardCharsets.UTF_8);
    }

    /** @return the decimal at token i, or -1 when it is not a plain non-negative number */
    private long parseSize(ByteBuf data, int i) {
        int s = tokenStart[i];
        int e = tokenEnd[i];
        if (e - s > 18) {
            return -1;
        }
        long v = 0;
        for (int p = s; p < e; p++) {
            byte b = data.getByte(p);
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }
}
