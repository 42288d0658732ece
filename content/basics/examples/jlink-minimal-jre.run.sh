#!/usr/bin/env bash
# 用 jdeps 找出一个 jar 依赖的 JDK 模块，用 jlink 裁出只含这些模块的运行时，
# 再用它运行 jar；最后演示少一个模块时的典型报错。需要 JDK 17 及以上（PATH 里有 javac、jdeps、jlink）。
set -euo pipefail

mkdir -p src/demo classes
cat > src/demo/Main.java <<'JAVA'
package demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.logging.Logger;

public class Main {
    public static void main(String[] args) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/healthz")).build();
        Logger.getLogger("demo").fine(req.method() + " " + req.uri());
        System.out.println("request built: " + req.method() + " " + req.uri().getPath()
                + " (client " + (client != null ? "ok" : "missing") + ")");
    }
}
JAVA
javac -d classes src/demo/Main.java
jar --create --file app.jar --main-class demo.Main -C classes .

# 1. jdeps 列出依赖的模块（逗号分隔，正好给 jlink 的 --add-modules 用）
modules=$(jdeps --print-module-deps --ignore-missing-deps app.jar)
echo "jdeps: $modules"

# 2. --compress 的写法：JDK 21 起是 zip-0…zip-9，旧写法 0/1/2 已弃用
major=$(jlink --version | cut -d. -f1)
if [ "$major" -ge 21 ]; then compress=zip-6; else compress=2; fi

jlink --add-modules "$modules" \
      --strip-debug --no-man-pages --no-header-files \
      --compress="$compress" \
      --output jre

# 3. 运行时里只有这几个模块（去掉版本号，输出与 JDK 版本无关）
jre/bin/java --list-modules | sed 's/@.*//' | sort | paste -sd ' ' -
jre/bin/java -jar app.jar

# 4. 体积：裁剪后的运行时必须明显小于完整 JDK
jdk_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
jre_kb=$(du -sk jre | cut -f1)
jdk_kb=$(du -sk "$jdk_home" | cut -f1)
[ "$jre_kb" -lt $((jdk_kb / 3)) ] && echo "size: runtime is less than a third of the JDK"

# 5. 少了 java.net.http 会怎样：启动正常，用到那个类时才报错。
#    --limit-modules 让运行时“假装”没有某些模块，不用再 jlink 一次就能试出缺模块的后果
if jre/bin/java --limit-modules java.base,java.logging -jar app.jar 2>err.txt; then
    echo "unexpected: ran without java.net.http" >&2; exit 1
fi
grep -o 'NoClassDefFoundError: [^ ]*' err.txt
