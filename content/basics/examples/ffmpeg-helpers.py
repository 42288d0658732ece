"""FFmpeg 的两个脚本助手，不需要安装 ffmpeg 也能运行：
1. 为 concat 分离器生成文件列表（正确转义文件名里的单引号）；
2. 把 loudnorm 第一遍的 JSON 测量结果变成第二遍的 -af 参数。
"""
import json

def concat_list(paths):
    # concat 列表里用单引号包住路径；路径中的 ' 要写成 '\''（先闭合、转义、再打开）
    lines = []
    for p in paths:
        lines.append("file '" + p.replace("'", "'\\''") + "'")
    return "\n".join(lines) + "\n"

def loudnorm_second_pass(measured_json, i=-16.0, tp=-1.5, lra=11.0):
    m = json.loads(measured_json)
    opts = {
        "I": i, "TP": tp, "LRA": lra,
        "measured_I": m["input_i"],
        "measured_TP": m["input_tp"],
        "measured_LRA": m["input_lra"],
        "measured_thresh": m["input_thresh"],
        "offset": m["target_offset"],
        "linear": "true",
        "print_format": "summary",
    }
    return "loudnorm=" + ":".join(f"{k}={v}" for k, v in opts.items())

print(concat_list(["intro.mp4", "day 1/part1.mp4", "it's part 2.mp4"]), end="")

# 第一遍 `ffmpeg -i in.mp4 -af loudnorm=I=-16:TP=-1.5:LRA=11:print_format=json -f null -`
# 在 stderr 末尾打印的 JSON（节选自一次真实运行）
first_pass = """{
  "input_i" : "-21.75", "input_tp" : "-16.32", "input_lra" : "0.00",
  "input_thresh" : "-31.75", "output_i" : "-16.04", "output_tp" : "-10.53",
  "output_lra" : "0.00", "output_thresh" : "-26.04",
  "normalization_type" : "dynamic", "target_offset" : "0.04"
}"""
af = loudnorm_second_pass(first_pass)
print(af)

assert concat_list(["it's.mp4"]) == "file 'it'\\''s.mp4'\n"
assert "measured_I=-21.75" in af and "linear=true" in af
