# 类与 dataclass
from dataclasses import asdict, dataclass, field


class Service:
    """普通类：__init__ 初始化实例，self 是实例本身。"""

    default_port = 80                         # 类属性：所有实例共享

    def __init__(self, name, port=None):
        self.name = name                      # 实例属性
        self.port = port or self.default_port
        self._healthy = True                  # 约定：下划线开头表示内部使用

    def __repr__(self):                       # 调试时显示的样子
        return f"Service({self.name!r}, port={self.port})"

    @property
    def url(self):                            # 像属性一样访问的计算值
        return f"http://{self.name}:{self.port}"

    @classmethod
    def from_string(cls, text):               # 另一种构造方式
        name, _, port = text.partition(":")
        return cls(name, int(port) if port else None)

    def mark_down(self):
        self._healthy = False


class TlsService(Service):
    """继承：覆盖类属性和方法，super() 调用父类实现。"""

    default_port = 443

    @property
    def url(self):
        return super().url.replace("http://", "https://")


web = Service("web")
api = TlsService.from_string("api")
print(web, web.url)
print(api, api.url, isinstance(api, Service))


# dataclass：自动生成 __init__、__repr__、__eq__，适合“装数据”的类
@dataclass
class Host:
    name: str
    ip: str
    port: int = 22
    tags: list[str] = field(default_factory=list)   # 可变默认值必须用 default_factory

    def ssh_target(self) -> str:
        return f"{self.ip}:{self.port}"


h1 = Host("web1", "10.0.0.11", tags=["prod"])
h2 = Host("web1", "10.0.0.11", tags=["prod"])
print(h1)
print(h1 == h2, h1.ssh_target(), asdict(h1))


# frozen=True：不可修改、可哈希，能放进 set 或作 dict 的键
@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int = 0

    @classmethod
    def parse(cls, text: str) -> "Version":
        return cls(*map(int, text.lstrip("v").split(".")))

    def __str__(self):
        return f"{self.major}.{self.minor}.{self.patch}"


versions = [Version.parse(v) for v in ["1.10.0", "v1.9.3", "1.10"]]
print([str(v) for v in sorted(versions)])           # order=True：按字段依次比较
print(len(set(versions)), max(versions) > Version(1, 9))
try:
    versions[0].major = 2
except AttributeError as e:
    print(type(e).__name__)
