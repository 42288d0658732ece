//go:build serve

// 只在 go build/run -tags serve 时参与编译：把 fs.Sub 之后的嵌入文件交给 http.FileServer。
package main

import (
	"io/fs"
	"net/http"
)

func init() {
	serveHTTP = func(root fs.FS, addr string) error {
		// http.FS 把 fs.FS 转成 http.FileSystem；Go 1.22+ 也可以直接用 http.FileServerFS(root)。
		return http.ListenAndServe(addr, http.FileServer(http.FS(root)))
	}
}
