module libeml.org/eml

go 1.19
