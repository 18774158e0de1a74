import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.ModuleAttribute;
import java.lang.classfile.attribute.ModulePackagesAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.constant.ModuleDesc;
import java.lang.constant.PackageDesc;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.AccessFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build tool, run by build-image.sh as a source-file program: writes a copy of a library jar that
 * holds only the classes natsj's modules can reach, under a module descriptor of its own.
 *
 * <p>Why: natsj uses two small corners of BouncyCastle (Ed25519 and bcrypt), but bcprov is one
 * 8 MB module of some 5,900 classes (its JCA provider, post-quantum algorithms, ASN.1, X.509).
 * Its descriptor also requires java.sql and java.naming (which bring java.xml, 17 MB) and
 * provides its JCA provider as a service, which the JDK instantiates whole (600 classes) while
 * it looks up a provider of its own by name. The copy keeps the module's name, requires only the
 * JDK modules its remaining classes use, provides nothing and exports every package it keeps.
 *
 * <p>The reachable set is the transitive closure of every class named in the constant pools
 * (class entries, and classes inside descriptors and signatures) of the root jars' classes,
 * followed inside the library. BouncyCastle's lightweight API, which natsj calls, loads nothing
 * by name, so the closure is complete; the image's AOT training run (which signs with Ed25519
 * and checks a bcrypt hash) and the image tests would fail on a class left out.
 *
 * <pre>java TrimmedModule.java LIBRARY.jar OUT.jar ROOT.jar...</pre>
 */
public final class TrimmedModule {

    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w/$]+)[;<]");
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/(\\d+)/(.+)\\.class");

    /** Internal class name to class file bytes, the newest multi-release version this JDK runs. */
    private final Map<String, byte[]> classes = new HashMap<>();
    private final Map<String, Integer> versions = new HashMap<>();
    private String moduleName;

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java TrimmedModule.java LIBRARY.jar OUT.jar ROOT.jar...");
            System.exit(2);
        }
        var library = new TrimmedModule();
        library.read(Path.of(args[0]));
        Set<String> roots = new HashSet<>();
        for (String root : List.of(args).subList(2, args.length)) {
            roots.addAll(referencesOfJar(Path.of(root)));
        }
        Set<String> kept = library.closure(roots);
        library.write(Path.of(args[1]), kept);
        System.err.printf("[natsj-image] %s: kept %d of %d classes%n",
                library.moduleName, kept.size(), library.classes.size());
    }

    private void read(Path jar) throws IOException {
        moduleName = ModuleFinder.of(jar).findAll().stream().findFirst()
                .map(ModuleReference::descriptor).orElseThrow().name();
        int runtime = Runtime.version().feature();
        try (var file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                int version = 0;
                Matcher versioned = VERSIONED.matcher(name);
                if (versioned.matches()) {
                    version = Integer.parseInt(versioned.group(1));
                    name = versioned.group(2);
                    if (version > runtime) {
                        continue;
                    }
                } else if (name.startsWith("META-INF/") || !name.endsWith(".class")) {
                    continue;
                } else {
                    name = name.substring(0, name.length() - ".class".length());
                }
                if (name.endsWith("module-info") || versions.getOrDefault(name, -1) >= version) {
                    continue;
                }
                try (var in = file.getInputStream(entry)) {
                    classes.put(name, in.readAllBytes());
                    versions.put(name, version);
                }
            }
        }
    }

    private static Set<String> referencesOfJar(Path jar) throws IOException {
        Set<String> names = new HashSet<>();
        try (var file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                if (entry.getName().endsWith(".class")) {
                    try (var in = file.getInputStream(entry)) {
                        names.addAll(references(in.readAllBytes()));
                    }
                }
            }
        }
        return names;
    }

    private Set<String> closure(Set<String> roots) {
        Set<String> reached = new HashSet<>();
        Deque<String> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            String name = work.pop();
            if (!classes.containsKey(name) || !reached.add(name)) {
                continue;
            }
            work.addAll(references(classes.get(name)));
            int dollar = name.indexOf('$');
            if (dollar > 0) {
                work.add(name.substring(0, dollar)); // a nested class's outer class holds its InnerClasses entry
            }
        }
        return reached;
    }

    /** Every class a class file names: class entries, and classes inside descriptors and signatures. */
    private static Set<String> references(byte[] classFile) {
        Set<String> names = new HashSet<>();
        for (PoolEntry entry : ClassFile.of().parse(classFile).constantPool()) {
            if (entry instanceof ClassEntry c) {
                String n = c.asInternalName();
                if (n.startsWith("[")) {
                    addDescriptorClasses(n, names);
                } else {
                    names.add(n);
                }
            } else if (entry instanceof Utf8Entry u) {
                addDescriptorClasses(u.stringValue(), names);
            }
        }
        return names;
    }

    private static void addDescriptorClasses(String text, Set<String> names) {
        Matcher m = DESCRIPTOR_CLASS.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    private void write(Path out, Set<String> kept) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        Set<String> packages = new TreeSet<>();
        Set<String> jdkReferences = new HashSet<>();
        for (String name : kept) {
            entries.put(name + ".class", classes.get(name));
            packages.add(name.substring(0, name.lastIndexOf('/')));
            jdkReferences.addAll(references(classes.get(name)));
        }
        entries.put("module-info.class", descriptor(packages, jdkModulesUsed(jdkReferences)));
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(out); var jar = new JarOutputStream(file)) {
            for (var e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The JDK modules (other than java.base) that own a package of the classes named. */
    private static Set<String> jdkModulesUsed(Set<String> classNames) {
        Map<String, String> moduleOfPackage = new HashMap<>();
        for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
            for (String pkg : ref.descriptor().packages()) {
                moduleOfPackage.put(pkg.replace('.', '/'), ref.descriptor().name());
            }
        }
        Set<String> modules = new TreeSet<>();
        for (String name : classNames) {
            int slash = name.lastIndexOf('/');
            String module = slash < 0 ? null : moduleOfPackage.get(name.substring(0, slash));
            if (module != null && !module.equals("java.base")) {
                modules.add(module);
            }
        }
        return modules;
    }

    private byte[] descriptor(Set<String> packages, Set<String> requires) {
        PackageDesc[] all = packages.stream().map(p -> PackageDesc.ofInternalName(p)).toArray(PackageDesc[]::new);
        var module = ModuleAttribute.of(ModuleDesc.of(moduleName), b -> {
            b.requires(ModuleDesc.of("java.base"), AccessFlag.MANDATED.mask(), null);
            requires.forEach(r -> b.requires(ModuleDesc.of(r), 0, null));
            for (PackageDesc p : all) {
                b.exports(p, 0);
            }
        });
        return ClassFile.of().buildModule(module, c -> c.with(ModulePackagesAttribute.ofNames(all)));
    }
}
