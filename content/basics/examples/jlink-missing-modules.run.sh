#!/usr/bin/env bash
# jdeps 看不出来、运行时才会暴露的缺模块问题：同一段代码分别在完整运行时和
# 只有 java.base、java.naming 的运行时（用 --limit-modules 模拟 jlink 的结果）里跑一遍。
set -euo pipefail

cat > Probe.java <<'JAVA'
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;

public class Probe {
    interface Check { Object run() throws Exception; }

    static void check(String name, Check c) {
        String result;
        try {
            result = String.valueOf(c.run());
        } catch (Throwable e) {
            result = e.getClass().getName() + ": " + e.getMessage();
        }
        System.out.println("  " + name + " -> " + result);
    }

    public static void main(String[] args) {
        // jdk.localedata：没有它只有英文等少数语言的数据，中文格式化会悄悄退回默认格式
        check("jdk.localedata", () -> DayOfWeek.MONDAY.getDisplayName(TextStyle.FULL, Locale.CHINA));
        // jdk.zipfs：把 zip/jar 当文件系统打开
        check("jdk.zipfs", () -> FileSystems.newFileSystem(
                URI.create("jar:" + Path.of(args[0]).toUri()), Map.of("create", "true")).isOpen());
        // jdk.unsupported：sun.misc.Unsafe，Netty 等库会用
        check("jdk.unsupported", () -> Class.forName("sun.misc.Unsafe").getSimpleName());
        // jdk.naming.dns：JNDI 的 DNS 提供者，有的驱动用它查 SRV/TXT 记录
        check("jdk.naming.dns", () -> new javax.naming.InitialContext(new Hashtable<>(Map.of(
                "java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory"))) != null);
    }
}
JAVA
javac Probe.java

echo "full runtime:"
java -cp . Probe full.zip
echo "--limit-modules java.base,java.naming:"
java --limit-modules java.base,java.naming -cp . Probe limited.zip
