package dev.secretlife.observability.autoconfigure.jdbc.testapp;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;

@Entity
public class Author {

	@Id
	private Long id;

	private String name;

	@OneToMany(mappedBy = "author", fetch = FetchType.LAZY)
	private List<Book> books = new ArrayList<>();

	protected Author() {
	}

	public Author(Long id, String name) {
		this.id = id;
		this.name = name;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public List<Book> getBooks() {
		return this.books;
	}

}
