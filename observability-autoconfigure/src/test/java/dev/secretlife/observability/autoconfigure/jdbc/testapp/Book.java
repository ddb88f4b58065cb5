package dev.secretlife.observability.autoconfigure.jdbc.testapp;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

@Entity
public class Book {

	@Id
	private Long id;

	private String title;

	@ManyToOne(fetch = FetchType.LAZY)
	private Author author;

	protected Book() {
	}

	public Book(Long id, String title, Author author) {
		this.id = id;
		this.title = title;
		this.author = author;
	}

	public String getTitle() {
		return this.title;
	}

}
