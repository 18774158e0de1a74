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
    private final ClientOutput output;
    private final int maxControlLine;
    private final InboundMessage message = new InboundMessage();
    private final int[] tokenStart = new int[MAX_TOKENS];
    private final int[] tokenEnd = new int[MAX_TOKENS];
    private final ControlLine line = new ControlLine();
    private boolean lineBreakInToken;

    private State state = State.CONTROL_LINE;
    private ByteBuf cumulation;
    private int required;
    // The PUB/HPUB being read, as offsets from the start of its control line.
    private int subjectOffset;
    private int subjectLength;
    private int replyOffset;
    private int replyLength;
    private int headerLength;
    private int sizeOffset;
    private int sizeLength;
    private int headerSizeOffset;
    private int headerSizeLength;
    private int bodyOffset;
    private int bodyLength;
    private boolean subjectErrorToRepeat;

    /** @param connection the connection whose bytes this decodes */
    public ClientProtocolDecoder(ClientConnection connection) {
        message.publisher(connection);
        this.connection = connection;
        this.output = connection.output();
        this.maxControlLine = connection.limits().maxControlLine();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // After a paused CONNECT (auth callout): decode what was kept, as if it had just been read.
        connection.onResume(() -> channelRead(ctx, io.netty.buffer.Unpooled.EMPTY_BUFFER));
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
            if (subjectErrorToRepeat && state == State.BODY && !output.isClosing()) {
                subjectErrorToRepeat = false;
                connection.checkPublishSubject(data, data.readerIndex() + subjectOffset, subjectLength);
            }
            // One socket read is one batch, as in nats-server's read loop: flushing here rather
            // than after Netty's whole read loop keeps subscribers' pending bytes small.
            connection.endOfReadBatch();
        } finally {
            if (data.isReadable() && !output.isClosing()) {
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
        output.close("Read Error");
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
        while (data.isReadable() && !output.isClosing() && !connection.readingPaused()) {
            boolean progressed = state == State.CONTROL_LINE ? readControlLine(data) : readBody(data);
            if (!progressed) {
                return;
            }
        }
    }

    private boolean readControlLine(ByteBuf data) {
        int start = data.readerIndex();
        int limit = data.writerIndex();
        // nats-server refuses anything but CONNECT from the first byte on, before the line is complete.
        if (connection.mustConnectFirst() && Operation.upper(data.getByte(start)) != 'C') {
            output.closeWithError(ProtocolErrors.AUTHORIZATION_VIOLATION, "Authorization Violation");
            return false;
        }
        switch (line.scan(data, start, limit)) {
            case UNKNOWN -> {
                output.closeWithError(ProtocolErrors.UNKNOWN_PROTOCOL, "Protocol Violation");
                return false;
            }
            case INCOMPLETE -> {
                int partial = line.partialArgumentLength(data, limit);
                // Before its arguments start nats-server bounds nothing; natsj still bounds the line.
                if (partial > maxControlLine || (partial < 0 && limit - start > maxControlLine)) {
                    output.closeWithError(ProtocolErrors.MAX_CONTROL_LINE, "Maximum Control Line Exceeded");
                }
                return false;
            }
            case COMPLETE -> { }
        }
        if (line.argumentLength() > maxControlLine) {
            output.closeWithError(ProtocolErrors.MAX_CONTROL_LINE, "Maximum Control Line Exceeded");
            return false;
        }
        Operation op = line.op;
        int lf = line.lf;
        if (Log.isTrace() && op != Operation.OK && op != Operation.ERR && op != Operation.INFO) {
            ProtocolTrace.in(connection, op, data, line.argStart, line.argEnd);
        }
        data.readerIndex(lf + 1);
        switch (op) {
            case PUB -> {
                return startPub(data, start, lf, false);
            }
            case HPUB -> {
                return startPub(data, start, lf, true);
            }
            case SUB -> sub(data);
            case UNSUB -> unsub(data);
            case PING -> connection.onPing();
            case PONG -> connection.onPong();
            case CONNECT -> connection.onConnect(data.slice(line.argStart, line.argumentLength()));
            case INFO, OK -> { }
            case ERR -> output.clientError(data.toString(line.argStart, line.argumentLength(),
                    StandardCharsets.UTF_8));
        }
        return true;
    }

    private boolean startPub(ByteBuf data, int start, int lf, boolean withHeaders) {
        if (withHeaders && !connection.options().headers) {
            output.close("Protocol Violation");
            return false;
        }
        int tokens = tokenize(data, line.argStart, line.argEnd, false);
        int sizes = withHeaders ? 2 : 1;
        if (tokens != 1 + sizes && tokens != 2 + sizes) {
            output.close("Protocol Violation");
            return false;
        }
        int total = parseSize(data, tokens - 1);
        int headers = withHeaders ? parseSize(data, tokens - 2) : -1;
        if (total < 0 || (withHeaders && (headers < 0 || headers > total))) {
            output.close("Protocol Violation");
            return false;
        }
        if (total > connection.credentialLimits().maxPayload()) {
            output.maxPayloadViolation(total, data.isReadable());
            return false;
        }
        if (lineBreakInToken) {
            // nats-server would pass a CR or LF in the subject or reply on inside a MSG line, where it
            // breaks every subscriber's framing; natsj closes the publisher instead.
            output.close("Protocol Violation");
            return false;
        }
        boolean hasReply = tokens == 2 + sizes;
        subjectOffset = tokenStart[0] - start;
        subjectLength = tokenEnd[0] - tokenStart[0];
        replyOffset = hasReply ? tokenStart[1] - start : 0;
        replyLength = hasReply ? tokenEnd[1] - tokenStart[1] : 0;
        // An empty header block is no header block: nats-server delivers such a message as MSG.
        headerLength = headers > 0 ? headers : -1;
        sizeOffset = tokenStart[tokens - 1] - start;
        sizeLength = tokenEnd[tokens - 1] - tokenStart[tokens - 1];
        headerSizeOffset = withHeaders ? tokenStart[tokens - 2] - start : 0;
        headerSizeLength = withHeaders ? tokenEnd[tokens - 2] - tokenStart[tokens - 2] : 0;
        bodyOffset = lf + 1 - start;
        bodyLength = total;
        // nats-server answers a pedantic subject check before the body, and once more when the
        // body is not complete in the same read (it re-reads the arguments to keep them).
        subjectErrorToRepeat = !connection.checkPublishSubject(data, tokenStart[0], subjectLength);
        data.readerIndex(start); // the whole operation stays until its body is complete
        state = State.BODY;
        return true;
    }

    private boolean readBody(ByteBuf data) {
        int start = data.readerIndex();
        int need = bodyOffset + bodyLength + 2;
        int cr = start + bodyOffset + bodyLength;
        int limit = data.writerIndex();
        // Each of the CR and LF after the body is checked as soon as it arrives, as nats-server does.
        if ((limit > cr && data.getByte(cr) != '\r') || (limit > cr + 1 && data.getByte(cr + 1) != '\n')) {
            output.closeWithError(ProtocolErrors.UNKNOWN_PROTOCOL, "Protocol Violation");
            return false;
        }
        if (limit < cr + 2) {
            required = need;
            return false;
        }
        message.set(data, start + subjectOffset, subjectLength, start + replyOffset, replyLength,
                headerLength, start + bodyOffset, bodyLength);
        message.sizeText(start + sizeOffset, sizeLength, start + headerSizeOffset, headerSizeLength);
        data.readerIndex(start + need);
        state = State.CONTROL_LINE;
        required = 0;
        subjectErrorToRepeat = false;
        if (Log.isTrace()) {
            ProtocolTrace.payload(connection, message);
        }
        connection.onPub(message);
        return true;
    }

    private void sub(ByteBuf data) {
        int tokens = tokenize(data, line.argStart, line.argEnd, true);
        if (tokens != 2 && tokens != 3) {
            output.close("Protocol Violation");
            return;
        }
        String subject = token(data, 0);
        String queue = tokens == 3 ? token(data, 1) : null;
        connection.onSub(subject, queue, token(data, tokens - 1));
    }

    private void unsub(ByteBuf data) {
        int tokens = tokenize(data, line.argStart, line.argEnd, true);
        if (tokens != 1 && tokens != 2) {
            output.close("Protocol Violation");
            return;
        }
        int max = tokens == 2 ? parseSize(data, 1) : -1;
        connection.onUnsub(token(data, 0), max);
    }

    /**
     * Splits arguments on spaces and tabs (PUB, HPUB), and also on CR and LF (SUB, UNSUB), as
     * nats-server does; notes whether a token holds a CR or LF.
     *
     * @return the token count (counting past the array's end)
     */
    private int tokenize(ByteBuf data, int from, int to, boolean lineBreaksSeparate) {
        int count = 0;
        boolean lineBreak = false;
        int s = -1;
        for (int i = from; i < to; i++) {
            byte b = data.getByte(i);
            boolean separator = b == ' ' || b == '\t';
            if (b == '\r' || b == '\n') {
                separator |= lineBreaksSeparate;
                lineBreak |= !lineBreaksSeparate;
            }
            if (separator) {
                if (s >= 0) {
                    count = addToken(count, s, i);
                    s = -1;
                }
            } else if (s < 0) {
                s = i;
            }
        }
        if (s >= 0) {
            count = addToken(count, s, to);
        }
        lineBreakInToken = lineBreak;
        return count;
    }

    private int addToken(int count, int s, int e) {
        if (count < MAX_TOKENS) {
            tokenStart[count] = s;
            tokenEnd[count] = e;
        }
        return count + 1;
    }

    private String token(ByteBuf data, int i) {
        return data.toString(tokenStart[i], tokenEnd[i] - tokenStart[i], StandardCharsets.UTF_8);
    }

    /**
     * @return the decimal at token i, or -1 unless it is one to nine digits (nats-server's limit:
     *     a longer size is a bad one, whatever its value)
     */
    private int parseSize(ByteBuf data, int i) {
        int s = tokenStart[i];
        int e = tokenEnd[i];
        if (e - s > 9) {
            return -1;
        }
        int v = 0;
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
