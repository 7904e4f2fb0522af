module example.com/real

go 1.24.0

require github.com/svcreg/ianaports v0.0.0

replace github.com/svcreg/ianaports => @ROOT@
