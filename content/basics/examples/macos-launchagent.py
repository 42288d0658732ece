"""macos-launchagent.py：生成一个每天 02:30 运行备份脚本的用户级 LaunchAgent，并检查它能被正确解析。

plistlib 是 Python 标准库，输出的 XML 与 macOS 的 plutil 读写的是同一种格式；
在 Mac 上把输出保存为 ~/Library/LaunchAgents/com.example.backup.plist 即可使用。
"""

import plistlib
import sys

HOME = "/Users/ops"  # 示例用户的家目录；launchd 不展开 ~ 和 $HOME，路径必须写绝对路径
LABEL = "com.example.backup"

agent = {
    "Label": LABEL,  # 唯一标识，launchctl 用它指代这个任务
    "ProgramArguments": [  # 不经过 shell：每个参数一项，不能写管道和重定向
        "/bin/zsh",
        "-c",
        f"exec {HOME}/bin/backup.sh",
    ],
    "StartCalendarInterval": {"Hour": 2, "Minute": 30},  # 类似 cron；错过的时间点会在唤醒后补跑一次
    "RunAtLoad": False,  # 加载时不立刻运行
    "ProcessType": "Background",  # 后台任务，系统可降低其资源优先级
    "EnvironmentVariables": {"PATH": "/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin"},
    "StandardOutPath": f"{HOME}/Library/Logs/{LABEL}.log",
    "StandardErrorPath": f"{HOME}/Library/Logs/{LABEL}.err",
}

data = plistlib.dumps(agent, fmt=plistlib.FMT_XML, sort_keys=False)

# 自检：能解析回来、内容一致，关键字段类型正确
parsed = plistlib.loads(data)
assert parsed == agent
assert isinstance(parsed["ProgramArguments"], list) and all(isinstance(a, str) for a in parsed["ProgramArguments"])
assert all(isinstance(v, int) for v in parsed["StartCalendarInterval"].values())
assert parsed["StandardOutPath"].startswith("/")

sys.stdout.write(data.decode())
