module example.com/vendored

go 1.24

require github.com/svcreg/ianaports v0.0.0
