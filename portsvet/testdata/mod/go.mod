module example.com/vettest

go 1.24
