package eml_test

import (
	"fmt"
	"log"
	"strings"

	"libeml.org/eml"
)

const mail = "From: Alice <alice@example.org>\r\n" +
	"To: bob@example.com\r\n" +
	"Subject: =?utf-8?q?Caf=C3=A9?= menu\r\n" +
	"Date: Fri, 04 Dec 2026 09:30:00 +0100\r\n" +
	"Content-Type: multipart/mixed; boundary=b\r\n" +
	"\r\n" +
	"--b\r\n" +
	"Content-Type: text/plain\r\n" +
	"\r\n" +
	"Today: soup.\r\n" +
	"--b\r\n" +
	"Content-Type: text/csv; name=menu.csv\r\n" +
	"Content-Disposition: attachment\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"c291cCw0Cg==\r\n" +
	"--b--\r\n"

func Example() {
	msg, err := eml.Parse([]byte(mail))
	if err != nil {
		log.Fatal(err)
	}
	defer msg.Close()

	fmt.Println("Subject:", msg.Subject())
	for _, a := range msg.From() {
		fmt.Printf("From: %s <%s>\n", a.Name, a.Address)
	}
	if t, ok := msg.Date(); ok {
		fmt.Println("Date:", t.UTC().Format("2006-01-02 15:04 MST"))
	}
	if text, ok := msg.Text(); ok {
		fmt.Printf("Text: %q\n", text)
	}
	atts, err := msg.Attachments()
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range atts {
		fmt.Printf("Attachment: %s %s %d bytes %q\n", a.Filename, a.ContentType, a.Size, a.Content)
	}
	msg.Walk(func(p *eml.Part, depth int) error {
		fmt.Printf("%s%s\n", strings.Repeat("  ", depth), p.ContentType())
		return nil
	})
	// Output:
	// Subject: Café menu
	// From: Alice <alice@example.org>
	// Date: 2026-12-04 08:30 UTC
	// Text: "Today: soup."
	// Attachment: menu.csv text/csv 7 bytes "soup,4\n"
	// multipart/mixed
	//   text/plain
	//   text/csv
}

func ExampleMbox() {
	box, err := eml.NewMbox(strings.NewReader(
		"From a@x Fri Dec  4 09:00:00 2026\nSubject: one\n\n1\n\n" +
			"From b@x Fri Dec  4 09:01:00 2026\nSubject: two\n\n2\n"))
	if err != nil {
		log.Fatal(err)
	}
	defer box.Close()
	for box.Next() {
		msg, err := box.Message()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(box.Offset(), msg.Subject())
		msg.Close()
	}
	if err := box.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// 34 one
	// 85 two
}
