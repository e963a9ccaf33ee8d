import NewsclassConfig; print(EmbeddedDefault.text)
