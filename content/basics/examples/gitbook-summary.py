"""把 GitBook（旧版 CLI 或 Git Sync）的 SUMMARY.md 转成 Starlight 的 sidebar 配置。

读入 SUMMARY.md 的文本（这里内嵌一份示例；实际使用时改成读文件），输出三样东西：
1. 文件搬迁清单：README.md 改名为 index.md，并给出每页要写进 frontmatter 的 title；
2. astro.config.mjs 里 starlight({ sidebar }) 可以直接粘贴的 JSON（外部链接保留为 link）；
3. 检查结果：同一文件被引用两次、链接为空的草稿条目。
只用标准库，Python 3.9+。
"""
import json
import re
from pathlib import PurePosixPath

SUMMARY = """\
# Summary

* [简介](README.md)

## 入门

* [安装](install/README.md)
    * [Linux](install/linux.md)
    * [macOS](install/macos.md "在 Mac 上安装")
* [快速开始](quickstart.md)

## 运维手册

* [备份与恢复](ops/backup.md)
* [升级](ops/upgrade.md)
    * [从 2.x 升级](ops/upgrade-2x.md)
* [状态页](https://status.example.com)
* [常见问题](faq.md)
* [路线图]()
* [备份（重复引用）](ops/backup.md)
"""

ITEM = re.compile(r'^(?P<indent>\s*)[*-]\s+\[(?P<label>[^\]]+)\]\((?P<target>[^)\s]*)(?:\s+"(?P<title>[^"]*)")?\)\s*$')
HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*$")


def slug_of(path: str) -> str:
    """install/README.md -> install；ops/backup.md -> ops/backup（Starlight 的 slug 全小写）。"""
    p = PurePosixPath(path.split("#", 1)[0])
    parts = list(p.parts)
    if parts[-1].lower() == "readme.md":
        parts = parts[:-1]
    else:
        parts[-1] = p.stem
    return "/".join(parts).lower() or "index"


def new_path(path: str) -> str:
    p = PurePosixPath(path.split("#", 1)[0])
    if p.name.lower() == "readme.md":
        p = p.with_name("index.md")
    return str(PurePosixPath("src/content/docs") / p)


def parse(text: str):
    groups = []  # [{"label": 分组名或 None, "items": [...]}]
    current = {"label": None, "items": []}
    stack = []  # (缩进, 节点)
    for line in text.splitlines():
        if not line.strip():
            continue
        h = HEADING.match(line)
        if h:
            if h.group("text").strip().lower() == "summary" and not groups and not current["items"]:
                continue  # 开头的 "# Summary" 只是标题
            if current["items"] or current["label"]:
                groups.append(current)
            current = {"label": h.group("text"), "items": []}
            stack = []
            continue
        m = ITEM.match(line)
        if not m:
            continue
        indent = len(m.group("indent").replace("\t", "    "))
        node = {"label": m.group("label"), "target": m.group("target"), "title": m.group("title"), "children": []}
        while stack and stack[-1][0] >= indent:
            stack.pop()
        (stack[-1][1]["children"] if stack else current["items"]).append(node)
        stack.append((indent, node))
    if current["items"]:
        groups.append(current)
    return groups


def to_sidebar(nodes, moves, problems, seen):
    out = []
    for n in nodes:
        target = n["target"]
        if not target:
            problems.append(f"草稿页（链接为空）：{n['label']}，迁移前先补文件或删掉这一行")
            continue
        if re.match(r"^[a-z]+://", target):
            out.append({"label": n["label"], "link": target})
            continue
        file = target.split("#", 1)[0]
        if file in seen:
            problems.append(f"重复引用：{file}（第一次是“{seen[file]}”，这次是“{n['label']}”）")
            continue
        seen[file] = n["label"]
        moves.append((file, new_path(file), n["label"]))
        link = {"label": n["title"] or n["label"], "slug": slug_of(file)}
        if n["children"]:
            children = to_sidebar(n["children"], moves, problems, seen)
            out.append({"label": n["label"], "items": [{**link, "label": "概览"}] + children})
        else:
            out.append(link)
    return out


def render(items, depth=1):
    """紧凑的 JSON：叶子链接一行一个，分组展开，方便贴进配置文件后人工审阅。"""
    pad = "  " * depth
    lines = []
    for i, item in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if "items" in item:
            lines.append(f'{pad}{{ "label": {json.dumps(item["label"], ensure_ascii=False)}, "items": [')
            lines.append(render(item["items"], depth + 1))
            lines.append(f"{pad}]}}{comma}")
        else:
            lines.append(pad + json.dumps(item, ensure_ascii=False).replace("{", "{ ").replace("}", " }") + comma)
    return "\n".join(lines)


def main():
    moves, problems, seen, sidebar = [], [], {}, []
    for group in parse(SUMMARY):
        items = to_sidebar(group["items"], moves, problems, seen)
        if group["label"]:
            sidebar.append({"label": group["label"], "items": items})
        else:
            sidebar.extend(items)

    print("== 文件搬迁（并在 frontmatter 写 title）==")
    for old, new, title in moves:
        print(f"{old:<22} -> {new:<40} title: {title}")
    print()
    print("== astro.config.mjs: starlight({ sidebar: ... }) ==")
    print("[\n" + render(sidebar) + "\n]")
    print()
    print("== 检查 ==")
    for p in problems or ["没有发现问题"]:
        print(p)


if __name__ == "__main__":
    main()
