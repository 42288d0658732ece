// embed-demo：用标准库 embed 把静态文件编进二进制（Go 1.16+，all: 前缀需要 1.18+）。
//
//	go run .                      打印嵌入的内容后退出
//	go run -tags serve . -serve   连同 serve.go 一起编译，在 -addr 上提供 HTTP 服务
//
// HTTP 服务放在带构建标签的 serve.go 里：默认构建不引入 net/http，编译快、二进制小；
// 需要服务时加 -tags serve。
package main

import (
	"embed"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"strings"
)

// 单个文件嵌入成 string 或 []byte。
//
//go:embed version.txt
var version string

//go:embed static/index.html
var indexHTML []byte

// 嵌入整个目录要用 embed.FS。不带 all: 时，目录里以 . 或 _ 开头的文件和子目录会被跳过。
//
//go:embed static
var plain embed.FS

// all: 前缀让 . 和 _ 开头的文件也被嵌入（例如 .well-known/、前端构建产物里的 _app/）。
//
//go:embed all:static
var site embed.FS

// serveHTTP 由 serve.go 在 init() 里赋值；不带 -tags serve 构建时保持 nil。
var serveHTTP func(root fs.FS, addr string) error

// files 列出一个 fs.FS 里的所有普通文件，WalkDir 按字典序遍历。
func files(fsys fs.FS) []string {
	var out []string
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	return out
}

func main() {
	serve := flag.Bool("serve", false, "提供 HTTP 服务（需要用 -tags serve 构建）")
	addr := flag.String("addr", "127.0.0.1:8080", "-serve 时的监听地址")
	flag.Parse()

	// embed.FS 里的路径带着 static/ 前缀；fs.Sub 取出子树，
	// 之后 "css/site.css" 就对应 static/css/site.css，URL /css/site.css 也一样。
	root, err := fs.Sub(site, "static")
	if err != nil {
		log.Fatal(err)
	}

	if *serve {
		if serveHTTP == nil {
			fmt.Fprintln(os.Stderr, "built without HTTP support, run: go run -tags serve . -serve")
			os.Exit(2)
		}
		log.Printf("serving embedded files on http://%s/", *addr)
		log.Fatal(serveHTTP(root, *addr))
	}

	firstLine, _, _ := strings.Cut(string(indexHTML), "\n")
	fmt.Printf("version.txt as string: %q\n", version)
	fmt.Printf("index.html as []byte: %d bytes, first line %q\n", len(indexHTML), firstLine)
	fmt.Printf("//go:embed static     -> %v\n", files(plain))
	fmt.Printf("//go:embed all:static -> %v\n", files(site))

	css, err := fs.ReadFile(root, "css/site.css")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("fs.ReadFile(root, \"css/site.css\"): %s", css)

	// 名字的规则：相对路径、不带前导 /、不带已被 fs.Sub 去掉的 static/ 前缀。
	for _, name := range []string{"index.html", "_app/app.js", "/index.html", "static/index.html"} {
		result := "ok"
		if _, err := fs.Stat(root, name); err != nil {
			result = err.Error()
		}
		call := fmt.Sprintf("fs.Stat(root, %q)", name)
		fmt.Printf("%-34s -> %s\n", call, result)
	}

	// 同一个文件，在不带 all: 的版本里不存在：页面引用的脚本会 404，编译时却不报错。
	plainRoot, err := fs.Sub(plain, "static")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := fs.Stat(plainRoot, "_app/app.js"); err != nil {
		fmt.Printf("without all: -> %v\n", err)
	}

	// 嵌入的文件只读、没有修改时间：http.FileServer 因此不会发送 Last-Modified。
	info, err := fs.Stat(root, "css/site.css")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("css/site.css: size=%d mode=%v modtime zero=%v\n", info.Size(), info.Mode(), info.ModTime().IsZero())
}
