package io.natsj.spi.topology.wire;

import io.natsj.spi.topology.MessageSlice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * The decoder of the protocol servers speak to each other (routes, gateways, leaf nodes share
 * one grammar): an explicit two-state machine (a control line, then for RMSG/HMSG/LMSG a body of
 * known size) reading operations out of Netty's buffers and calling a
 * {@link WireHandler}. A routed message is never copied: its account, subject, reply, queue
 * names and body are positions in the read buffer. Bytes of an operation split across reads
 * are kept in one cumulation buffer, sized for the whole message once its size is known.
 *
 * <p>Argument errors close the connection without {@code -ERR}, an unknown operation with
 * {@code -ERR 'Unknown Protocol Operation'}, as nats-server's parser does for
 * route and gateway connections. Which operations a connection may carry is the handler's
 * call ({@link WireHandler#admit}).
 */
public final class WireDecoder extends ChannelInboundHandlerAdapter {

    private enum State { CONTROL_LINE, BODY }

    /** nats-server's default MAX_CONTROL_LINE_SIZE; the server's max_control_line when it has one. */
    public static final int MAX_CONTROL_LINE = 4096;
    /** INFO and CONNECT carry JSON that grows with a cluster's URLs; they get more room. */
    public static final int MAX_JSON_LINE = 64 * 1024;
    /** The largest body accepted: nats-server's upper bound for max_payload (64 MB). */
    public static final int MAX_BODY = 64 * 1024 * 1024;

    private final WireHandler protocol;
    private final MessageSlice message = new MessageSlice();
    private final WireQueueNames queues = new WireQueueNames();
    private int[] tokenStart = new int[8];
    private int[] tokenEnd = new int[8];

    private State state = State.CONTROL_LINE;
    private ByteBuf cumulation;
    private int required;
    // The message being read, as offsets from the start of its control line.
    private int accountOffset;
    private int accountLength;
    private int subjectOffset;
    private int subjectLength;
    private int replyOffset;
    private int replyLength;
    private int headerLength;
    private int bodyOffset;
    private int bodyLength;
    private int queueFirst;
    private final int maxControlLine;
    private final boolean trace;
    /** A leaf connection: bound to one account, so LS+/LS-/LMSG/HMSG carry none. */
    private final boolean leaf;
    private int queueCount;
    private int[] queueOffsets = new int[4];
    private int[] queueLengths = new int[4];

    /** @param protocol told of every operation */
    public WireDecoder(WireHandler protocol) {
        this(protocol, MAX_CONTROL_LINE);
    }

    /**
     * @param protocol told of every operation
     * @param maxControlLine the longest protocol line accepted (the server's max_control_line)
     */
    public WireDecoder(WireHandler protocol, int maxControlLine) {
        this(protocol, maxControlLine, false);
    }

    private WireDecoder(WireHandler protocol, int maxControlLine, boolean leaf) {
        this.protocol = protocol;
        this.maxControlLine = maxControlLine;
        this.trace = protocol.tracing();
        this.leaf = leaf;
    }

    /**
     * A decoder for a leaf node connection. A leaf connection is bound to one account on each
     * side, so its operations name none: {@code LS+ subj [queue weight]}, {@code LS- subj [queue]},
     * {@code LMSG subj [reply | + reply q… | | q…] size} and {@code HMSG subj … hdr size}. The
     * handler is told a null account for interest and an account of length 0 for messages.
     *
     * @param protocol told of every operation
     * @param maxControlLine the longest protocol line accepted (the server's max_control_line)
     * @return the decoder
     */
    public static WireDecoder leaf(WireHandler protocol, int maxControlLine) {
        return new WireDecoder(protocol, maxControlLine, true);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        protocol.active();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        ByteBuf data = cumulation == null ? in : cumulate(ctx.alloc(), cumulation, in);
        cumulation = null;
        try {
            decode(data);
        } finally {
            if (data.isReadable() && !protocol.isClosing()) {
                cumulation = data;
            } else {
                data.release();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        protocol.endOfReadBatch();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        protocol.inactive();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        protocol.protocolError(null, "Read Error: " + cause);
    }

    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cum, ByteBuf in) {
        if (cum.refCnt() == 1 && cum.writableBytes() >= in.readableBytes()) {
            cum.writeBytes(in);
            in.release();
            return cum;
        }
        ByteBuf merged = alloc.directBuffer(Math.max(cum.readableBytes() + in.readableBytes(), required));
        merged.writeBytes(cum).writeBytes(in);
        cum.release();
        in.release();
        return merged;
    }

    private void decode(ByteBuf data) {
        while (data.isReadable() && !protocol.isClosing()) {
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
            if (data.readableBytes() > MAX_JSON_LINE
                    || (data.readableBytes() > maxControlLine && !isJsonOp(data, start))) {
                protocol.protocolError("Maximum Control Line Exceeded", "control line too long");
            }
            return false;
        }
        int end = lf > start && data.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        int tokens = tokenize(data, start, end);
        if (tokens == 0) {
            data.readerIndex(lf + 1); // an empty line: nats-server skips stray CR/LF too
            return true;
        }
        WireOp op = firstOp;
        if (end - start > (op == WireOp.INFO || op == WireOp.CONNECT ? MAX_JSON_LINE : maxControlLine)) {
            protocol.protocolError("Maximum Control Line Exceeded", "control line too long");
            return false;
        }
        if (op == WireOp.UNKNOWN) {
            protocol.protocolError("Unknown Protocol Operation", "unknown operation '"
                    + data.toString(tokenStart[0], Math.min(32, tokenEnd[0] - tokenStart[0]), StandardCharsets.UTF_8) + "'");
            return false;
        }
        if (trace && op.traced() != null) {
            int args = skipBlanks(data, tokenEnd[0], end);
            String text = args == end ? op.traced()
                    : op.traced() + " " + data.toString(args, end - args, StandardCharsets.UTF_8);
            protocol.traceIn(op, text);
        }
        data.readerIndex(lf + 1);
        if (!protocol.admit(op)) {
            return false;
        }
        switch (op) {
            case INFO -> protocol.onInfo(rest(data, end));
            case CONNECT -> protocol.onConnect(rest(data, end));
            case PING -> protocol.onPing();
            case PONG -> protocol.onPong();
            case ERR -> protocol.onErr(data.toString(tokenEnd[0], end - tokenEnd[0], StandardCharsets.UTF_8).strip());
            case RS_PLUS -> interest(data, tokens, 1);
            case LS_PLUS -> {
                if (leaf) {
                    leafInterest(data, tokens);
                } else {
                    interest(data, tokens, 2);
                }
            }
            case RS_MINUS -> noInterest(data, tokens);
            case LS_MINUS -> {
                if (leaf) {
                    leafNoInterest(data, tokens);
                } else {
                    noInterest(data, tokens);
                }
            }
            case RMSG -> {
                return startMessage(data, start, lf, tokens, 1, false);
            }
            case HMSG -> {
                return leaf ? startMessage(data, start, lf, tokens, 0, true)
                        : startMessage(data, start, lf, tokens, 1, true);
            }
            case LMSG -> {
                return leaf ? startMessage(data, start, lf, tokens, 0, false)
                        : startMessage(data, start, lf, tokens, 2, true);
            }
            case A_PLUS, A_MINUS -> accountInterest(data, tokens, op == WireOp.A_PLUS);
            case OK, UNKNOWN -> { }
        }
        return true;
    }

    private boolean isJsonOp(ByteBuf data, int start) {
        int at = skipBlanks(data, start, data.writerIndex());
        int len = Math.min(7, data.writerIndex() - at);
        // Only for a line longer than max_control_line still unterminated: rare, so a copy is fine.
        byte[] head = new byte[len];
        data.getBytes(at, head);
        WireOp four = len >= 4 ? WireOp.of(head, 0, 4) : WireOp.UNKNOWN;
        return four == WireOp.INFO || (len == 7 && WireOp.of(head, 0, 7) == WireOp.CONNECT);
    }

    private ByteBuf rest(ByteBuf data, int end) {
        int json = skipBlanks(data, tokenEnd[0], end);
        // The first INFO has a space before CRLF (nats-server joins the parts with spaces).
        while (end > json && (data.getByte(end - 1) == ' ' || data.getByte(end - 1) == '\t')) {
            end--;
        }
        return data.slice(json, end - json);
    }

    /** RS+ acc subj [queue weight]; LS+ origin acc subj [queue weight]. */
    private void interest(ByteBuf data, int tokens, int first) {
        int args = tokens - first;
        if (args != 2 && args != 4) {
            protocol.protocolError(null, "processRemoteSub Parse Error: wrong number of arguments");
            return;
        }
        String queue = null;
        int weight = 1;
        if (args == 4) {
            queue = token(data, first + 2);
            long w = parseSize(data, first + 3);
            if (w < 0) {
                protocol.protocolError(null, "processRemoteSub Parse Error: bad queue weight");
                return;
            }
            weight = (int) Math.max(1, Math.min(w, Integer.MAX_VALUE));
        }
        protocol.onInterest(token(data, first), token(data, first + 1), queue, weight);
    }

    /** Leaf LS+ subj [queue weight]: the connection's account is implied. */
    private void leafInterest(ByteBuf data, int tokens) {
        int args = tokens - 1;
        if (args != 1 && args != 3) {
            protocol.protocolError(null, "processLeafSub Parse Error: wrong number of arguments");
            return;
        }
        String queue = null;
        int weight = 1;
        if (args == 3) {
            queue = token(data, 2);
            long w = parseSize(data, 3);
            if (w < 0) {
                protocol.protocolError(null, "processLeafSub Parse Error: bad queue weight");
                return;
            }
            weight = (int) Math.max(1, Math.min(w, Integer.MAX_VALUE));
        }
        protocol.onInterest(null, token(data, 1), queue, weight);
    }

    /** Leaf LS- subj [queue]. */
    private void leafNoInterest(ByteBuf data, int tokens) {
        int args = tokens - 1;
        if (args != 1 && args != 2) {
            protocol.protocolError(null, "processLeafUnsub Parse Error: wrong number of arguments");
            return;
        }
        protocol.onNoInterest(null, token(data, 1), args == 2 ? token(data, 2) : null);
    }

    /** A+/A- acc. */
    private void accountInterest(ByteBuf data, int tokens, boolean interested) {
        if (tokens != 2) {
            protocol.protocolError(null, (interested ? "A+" : "A-") + " Parse Error: wrong number of arguments");
            return;
        }
        protocol.onAccountInterest(token(data, 1), interested);
    }

    /** RS-/LS- acc subj [queue]. */
    private void noInterest(ByteBuf data, int tokens) {
        int args = tokens - 1;
        if (args != 2 && args != 3) {
            protocol.protocolError(null, "processRemoteUnsub Parse Error: wrong number of arguments");
            return;
        }
        protocol.onNoInterest(token(data, 1), token(data, 2), args == 3 ? token(data, 3) : null);
    }

    /**
     * RMSG/HMSG/LMSG: {@code acc subj [reply | + reply q… | | q…] [hdr] size}; a route's LMSG has
     * an origin first, which is skipped; a leaf's LMSG/HMSG has no account ({@code first} 0).
     */
    private boolean startMessage(ByteBuf data, int start, int lf, int tokens, int first, boolean sized2) {
        int sizes = sized2 ? 2 : 1;
        int args = tokens - first;
        if (args < 2 + sizes) {
            protocol.protocolError(null, "processRoutedMsgArgs Parse Error: too few arguments");
            return false;
        }
        long total = parseSize(data, tokens - 1);
        long headers = sized2 ? parseSize(data, tokens - 2) : -1;
        if (total < 0 || (sized2 && (headers < 0 || headers > total))) {
            protocol.protocolError(null, "processRoutedMsgArgs Bad or Missing Size");
            return false;
        }
        if (total > MAX_BODY) {
            protocol.protocolError("Maximum Payload Violation", "routed message of " + total + " bytes");
            return false;
        }
        boolean accountless = first == 0;
        if (accountless) {
            // The operation's own token stands where the account would: the subject is token 1.
            first = 1;
            args = tokens - first + 1;
            if (args < 2 + sizes) {
                protocol.protocolError(null, "processLeafMsgArgs Parse Error: too few arguments");
                return false;
            }
        }
        int acc = accountless ? 0 : first;
        int subj = accountless ? 1 : first + 1;
        int extra = args - 2 - sizes;
        replyOffset = 0;
        replyLength = 0;
        queueCount = 0;
        if (extra == 1) {
            replyOffset = tokenStart[subj + 1] - start;
            replyLength = tokenEnd[subj + 1] - tokenStart[subj + 1];
        } else if (extra >= 2) {
            int indicator = subj + 1;
            if (tokenEnd[indicator] - tokenStart[indicator] != 1
                    || (data.getByte(tokenStart[indicator]) != '+' && data.getByte(tokenStart[indicator]) != '|')) {
                protocol.protocolError(null, "processRoutedMsgArgs Bad or Missing Reply Indicator");
                return false;
            }
            queueFirst = indicator + 1;
            if (data.getByte(tokenStart[indicator]) == '+') {
                replyOffset = tokenStart[indicator + 1] - start;
                replyLength = tokenEnd[indicator + 1] - tokenStart[indicator + 1];
                queueFirst++;
            }
            queueCount = tokens - sizes - queueFirst;
            if (queueOffsets.length < queueCount) {
                queueOffsets = new int[Math.max(queueCount, queueOffsets.length * 2)];
                queueLengths = new int[queueOffsets.length];
            }
            for (int i = 0; i < queueCount; i++) {
                queueOffsets[i] = tokenStart[queueFirst + i] - start;
                queueLengths[i] = tokenEnd[queueFirst + i] - tokenStart[queueFirst + i];
            }
        }
        accountOffset = accountless ? 0 : tokenStart[acc] - start;
        accountLength = accountless ? 0 : tokenEnd[acc] - tokenStart[acc];
        subjectOffset = tokenStart[subj] - start;
        subjectLength = tokenEnd[subj] - tokenStart[subj];
        // An LMSG always has a header size; 0 there means no headers.
        headerLength = sized2 && !(first == 2 && headers == 0) ? (int) headers : -1;
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
            protocol.protocolError(null, "routed message not terminated by CRLF");
            return false;
        }
        message.set(data, start + subjectOffset, subjectLength, start + replyOffset, replyLength,
                headerLength, start + bodyOffset, bodyLength);
        queues.clear();
        for (int i = 0; i < queueCount; i++) {
            queues.add(data, start + queueOffsets[i], queueLengths[i]);
        }
        data.readerIndex(start + need);
        state = State.CONTROL_LINE;
        required = 0;
        if (trace) {
            protocol.tracePayload(data, start + bodyOffset, bodyLength);
        }
        protocol.onMessage(data, start + accountOffset, accountLength, message, queues);
        message.clear();
        return true;
    }

    /** The operation the last {@link #tokenize} found in its first token. */
    private WireOp firstOp = WireOp.UNKNOWN;

    /** The control line being split, copied out of the buffer; grows with the longest line. */
    private byte[] line = new byte[256];

    /** Splits on spaces and tabs, growing the token arrays when a queue list is long. */
    private int tokenize(ByteBuf data, int from, int to) {
        int count = 0;
        // One bulk copy of the line, then plain array reads: a buffer's getByte checks bounds
        // and the memory's liveness per byte, which a peer's every LMSG/RMSG line paid.
        int n = to - from;
        if (line.length < n) {
            line = new byte[Math.max(n, line.length * 2)];
        }
        byte[] l = line;
        data.getBytes(from, l, 0, n);
        int i = 0;
        while (i < n) {
            byte b = l[i];
            if (b == ' ' || b == '\t') {
                i++;
                continue;
            }
            int s = i;
            while (i < n && (b = l[i]) != ' ' && b != '\t') {
                i++;
            }
            if (count == tokenStart.length) {
                tokenStart = java.util.Arrays.copyOf(tokenStart, count * 2);
                tokenEnd = java.util.Arrays.copyOf(tokenEnd, count * 2);
            }
            tokenStart[count] = from + s;
            tokenEnd[count] = from + i;
            count++;
            if (count == 1) {
                firstOp = WireOp.of(l, s, i - s);
                if (firstOp == WireOp.INFO || firstOp == WireOp.CONNECT || firstOp == WireOp.ERR) {
                    // INFO/CONNECT: the rest is JSON, not arguments.
                    return count;
                }
            }
        }
        return count;
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
        if (e - s > 18 || e == s) {
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
