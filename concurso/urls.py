app_name = "concurso"

urlpatterns = []
