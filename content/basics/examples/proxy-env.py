"""同一组代理环境变量下，Python 标准库 urllib 对每个 URL 的决定。

与 proxy-env-go（Go 的 net/http）对照着看：变量一样，结论却不一样。
requests 库取代理地址的方式与 urllib 相同，但它自己实现了 NO_PROXY 匹配，支持 CIDR。
"""
import os
import urllib.request
from urllib.parse import urlsplit

for name in list(os.environ):
    if name.lower().endswith("_proxy") or name == "REQUEST_METHOD":
        del os.environ[name]
os.environ.update({
    "http_proxy": "http://lower-proxy:3128",
    "HTTP_PROXY": "http://upper-proxy:3128",
    "HTTPS_PROXY": "http://upper-proxy:3128",
    "NO_PROXY": "10.0.0.0/8,.corp.example,192.168.1.10",
})

proxies = urllib.request.getproxies()
urls = [
    "http://example.com/",
    "https://example.com/",
    "http://10.1.2.3/",
    "http://git.corp.example/",
    "http://corp.example/",
    "http://localhost:8080/",
    "http://127.0.0.1:8080/",
    "http://192.168.1.10:8080/",
]
for url in urls:
    parts = urlsplit(url)
    if urllib.request.proxy_bypass(parts.netloc) or parts.scheme not in proxies:
        decision = "direct"
    else:
        decision = "via " + urlsplit(proxies[parts.scheme]).netloc
    print(f"{url:<27} {decision}")
