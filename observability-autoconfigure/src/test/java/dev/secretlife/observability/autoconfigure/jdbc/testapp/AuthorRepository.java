package dev.secretlife.observability.autoconfigure.jdbc.testapp;

import org.springframework.data.jpa.repository.JpaRepository;

public interface AuthorRepository extends JpaRepository<Author, Long> {

}
