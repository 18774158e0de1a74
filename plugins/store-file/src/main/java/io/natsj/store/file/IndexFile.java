package io.natsj.store.file;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The in-memory index of a store, written on a clean close so that the next open need not
 * read every record. It is trusted only when it is whole (checksum) and names exactly the
 * block files present with exactly their lengths; and it is deleted as soon as it is read, so
 * a run that crashes never leaves an index behind that no longer describes the blocks.
 */
final class IndexFile {

    private static final System.Logger LOG = System.getLogger(IndexFile.class.getName());
    static final String NAME = "index.dat";
    private static final int MAGIC = 0x4E4A4958; // "NJIX"
    /** 2: each damaged sequence with its bytes; an index of another version is not used (the blocks are read). */
    private static final int VERSION = 2;

    private IndexFile() {
    }

    /** Writes the index of a closed store (every block already forced). */
    static void write(Path directory, BlockSet blocks, SubjectIndex subjects, long lastSequence,
                      long lastTimestamp, Map<Long, Long> corrupted) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(lastSequence);
        out.writeLong(lastTimestamp);
        Map<String, Integer> ids = subjects.ids();
        out.writeInt(ids.size());
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
        List<BlockFile> all = blocks.all();
        out.writeInt(all.size());
        for (BlockFile block : all) {
            out.writeLong(block.id());
            out.writeLong(block.size());
            out.writeLong(block.base());
            out.writeLong(block.liveCount());
            out.writeLong(block.liveBytes());
            int[] offsets = block.offsets();
            int[] subjectIds = block.subjectIds();
            out.writeInt(offsets.length);
            for (int i = 0; i < offsets.length; i++) {
                out.writeInt(offsets[i]);
                out.writeInt(subjectIds[i]);
            }
        }
        out.writeInt(corrupted.size());
        for (Map.Entry<Long, Long> e : corrupted.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue());
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        Path tmp = directory.resolve(NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, directory.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads the index into {@code into} when it describes {@code blockIds} exactly, and deletes it.
     *
     * @return true when the index was used
     */
    static boolean read(Path directory, List<Long> blockIds, Recovery into) throws IOException {
        Path path = directory.resolve(NAME);
        if (!Files.exists(path)) {
            return false;
        }
        byte[] data = Files.readAllBytes(path);
        Files.delete(path);
        BlockFile.forceDirectory(directory);
        CRC32C crc = new CRC32C();
        if (data.length < 12) {
            return stale(path, "too short");
        }
        crc.update(data, 0, data.length - 4);
        if (ByteBuffer.wrap(data).getInt(data.length - 4) != (int) crc.getValue()) {
            return stale(path, "checksum mismatch");
        }
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            return stale(path, "unknown format");
        }
        into.lastSequence = in.readLong();
        into.lastTimestamp = in.readLong();
        int subjectCount = in.readInt();
        for (int i = 0; i < subjectCount; i++) {
            String subject = in.readUTF();
            into.subjects.register(subject, in.readInt());
        }
        int blockCount = in.readInt();
        if (blockCount != blockIds.size()) {
            return stale(path, "block files changed");
        }
        for (int b = 0; b < blockCount; b++) {
            long id = in.readLong();
            long size = in.readLong();
            long base = in.readLong();
            long liveCount = in.readLong();
            long liveBytes = in.readLong();
            int count = in.readInt();
            Path file = directory.resolve(BlockFile.name(id));
            if (id != blockIds.get(b) || Files.size(file) != size) {
                return stale(path, "block " + file + " does not match");
            }
            int[] offsets = new int[count];
            int[] subjectIds = new int[count];
            // Read in place, not int by int through the stream: a million messages are two
            // million ints, read at start-up before anything is compiled.
            int at = data.length - in.available();
            ByteBuffer pairs = ByteBuffer.wrap(data, at, 8 * count);
            for (int i = 0; i < count; i++) {
                offsets[i] = pairs.getInt(at + 8 * i);
                subjectIds[i] = pairs.getInt(at + 8 * i + 4);
            }
            in.skipNBytes(8L * count);
            BlockFile block = BlockFile.open(directory, id, base, 1);
            into.blocks.add(block);
            block.restoreIndex(base, offsets, subjectIds, size, liveCount, liveBytes);
            for (int i = 0; i < count; i++) {
                if (offsets[i] >= 0) {
                    into.subjects.added(subjectIds[i], base + i);
                }
            }
        }
        int corruptedCount = in.readInt();
        for (int i = 0; i < corruptedCount; i++) {
            into.corrupted.put(in.readLong(), in.readLong());
        }
        into.subjects.dropEmpty();
        return true;
    }

    private static boolean stale(Path path, String why) {
        LOG.log(System.Logger.Level.WARNING, "index " + path + " not used (" + why + "); rebuilding from the blocks");
        return false;
    }
}
