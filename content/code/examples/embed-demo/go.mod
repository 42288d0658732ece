module example.com/embed-demo

go 1.19
