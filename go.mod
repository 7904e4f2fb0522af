module github.com/svcreg/ianaports

go 1.24
